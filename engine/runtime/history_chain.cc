#include "engine/runtime/history_chain.h"

#include <openssl/evp.h>

#include "engine/runtime/hex.h"

namespace krabuan {
namespace {

// Length-prefixed fields, so no two different rows serialise alike.
void Field(std::string& buf, std::string_view s) {
  buf += std::to_string(s.size());
  buf += ':';
  buf += s;
}

}  // namespace

std::string Sha256Hex(std::string_view bytes) {
  // Fetching the algorithm and making a context cost more than hashing a history row;
  // both are made once (per thread for the context) and reused.
  static EVP_MD* const kSha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  struct Context {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~Context() { EVP_MD_CTX_free(ctx); }
  };
  thread_local Context context;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestInit_ex(context.ctx, kSha256, nullptr);
  EVP_DigestUpdate(context.ctx, bytes.data(), bytes.size());
  EVP_DigestFinal_ex(context.ctx, digest, &len);
  return ToHex(std::string_view(reinterpret_cast<const char*>(digest), len));
}

std::string HistoryHash(const HistoryRecord& h) {
  std::string buf;
  buf.reserve(256 + h.detail.size() + h.comment.size());
  Field(buf, h.prev_hash);
  Field(buf, std::to_string(h.instance_id));
  Field(buf, FormatInstantUtc(h.at));
  Field(buf, h.user);
  Field(buf, h.role);
  Field(buf, ActingCapacityName(h.capacity));
  Field(buf, h.action);
  Field(buf, h.node_id);
  Field(buf, std::to_string(h.task_id));
  Field(buf, h.detail);
  Field(buf, h.comment);
  return Sha256Hex(buf);
}

std::optional<std::size_t> FirstBrokenLink(const std::vector<HistoryRecord>& rows) {
  std::string prev;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].prev_hash != prev || HistoryHash(rows[i]) != rows[i].hash) return i;
    prev = rows[i].hash;
  }
  return std::nullopt;
}

}  // namespace krabuan
