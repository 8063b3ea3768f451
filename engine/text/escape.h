// Text from users (business keys, comments, reasons, values, names) reaches terminals and
// log files; a control character in it could move the cursor, recolour the screen or
// forge a line of its own. Every output boundary (tables, headers, error lines, log
// lines) passes such text through EscapeControls. JSON output escapes by itself.
#pragma once

#include <string>
#include <string_view>

namespace krabuan {

// `text` with every character that controls a terminal or splits a line made visible:
// \n, \r and \t as those two-character escapes; other C0 controls, DEL and bytes that are
// not valid UTF-8 as \xHH; C1 controls (U+0080..U+009F), the line and paragraph
// separators (U+2028, U+2029) and the bidirectional overrides and isolates (U+202A..U+202E,
// U+2066..U+2069) as \uHHHH. Everything else, Thai and all other printable UTF-8 included,
// is kept byte for byte. A backslash is kept as it is: an escape can look like typed text,
// but it can never act. Text with nothing to escape is returned unchanged.
std::string EscapeControls(std::string_view text);

}  // namespace krabuan
