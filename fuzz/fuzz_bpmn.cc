// Fuzzes the BPMN 2.0 importer (ImportBpmn) and reads every conversion it accepts back
// with the native parser, as `krabuan convert` and `deploy FILE.bpmn` do.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/bpmn/bpmn_import.h"
#include "engine/parse/process_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace krabuan;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)bpmn::LooksLikeBpmn("fuzz.xml", text);
  Result<bpmn::ImportResult> imported = bpmn::ImportBpmn(text, "fuzz.bpmn");
  if (!imported.ok()) {
    (void)imported.status().lines();
    return 0;
  }
  Result<ProcessDefinition> back = ParseProcess(imported->xml, "fuzz.bpmn (converted)");
  if (!back.ok()) (void)back.status().lines();
  return 0;
}
