#include "engine/render/text_wrap.h"

#include <algorithm>
#include <memory>
#include <mutex>

#include <thai/thbrk.h>
#include <thai/thwchar.h>

#include "engine/text/utf8.h"

namespace krabuan {
namespace {

constexpr char32_t kInvalidByte = 0xFFFD;   // U+FFFD REPLACEMENT CHARACTER
constexpr char32_t kZeroWidthSpace = 0x200B;

// One base character with the combining marks that follow it.
struct Cluster {
  std::string_view bytes;
  char32_t base = 0;
  int columns = 0;
  bool space = false;   // a break opportunity dropped at a line end (space, tab, ZWSP)
};

// The code point at `pos` and its length; a byte that starts no well-formed sequence is
// a character of its own, one column wide (U+FFFD).
char32_t CodePointAt(std::string_view s, std::size_t pos, std::size_t& len) {
  const DecodedCodePoint d = DecodeAt(s, pos);
  len = d.length == 0 ? 1 : d.length;
  return d.length == 0 ? kInvalidByte : d.value;
}

bool IsSpace(char32_t cp) { return cp == ' ' || cp == '\t' || cp == kZeroWidthSpace; }

bool IsAsciiAlnum(char32_t cp) {
  return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

// Thai leading vowels belong to the consonant after them: a line never ends on one.
bool IsLeadingVowel(char32_t cp) { return cp >= 0x0E40 && cp <= 0x0E44; }

// Characters that lean on what comes before: a line never starts with one.
bool IsTrailing(char32_t cp) {
  switch (cp) {
    case 0x0E30: case 0x0E32: case 0x0E33: case 0x0E45: case 0x0E46: case 0x0E2F:   // ะ า ำ ๅ ๆ ฯ
    case ')': case ']': case '}': case ',': case '.': case ';': case ':': case '!': case '?': case '%':
      return true;
    default:
      return false;
  }
}

std::vector<Cluster> Clusters(std::string_view text) {
  std::vector<Cluster> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t len = 0;
    char32_t cp = CodePointAt(text, pos, len);
    const bool space = IsSpace(cp);
    const bool mark = !space && IsZeroWidthMark(cp);   // the zero-width space is a break, not a mark
    if (mark && !out.empty() && !out.back().space) {
      Cluster& c = out.back();
      c.bytes = std::string_view(c.bytes.data(), c.bytes.size() + len);
    } else {
      Cluster c;
      c.bytes = text.substr(pos, len);
      c.base = cp;
      c.space = space;
      // Every base character counts one column, a wide one too: labels count characters.
      c.columns = (mark || cp == kZeroWidthSpace) ? 0 : 1;
      out.push_back(c);
    }
    pos += len;
  }
  return out;
}

bool IsThai(char32_t cp) { return cp >= 0x0E00 && cp <= 0x0E7F; }

// The TIS-620 byte of a Thai character, or 0 when `cp` is not one (libthai's dictionary
// and breaker work on TIS-620; unassigned code points of the Thai block have no byte).
thchar_t TisByte(char32_t cp) {
  if (!IsThai(cp)) return 0;
  thchar_t t = th_uni2tis(static_cast<thwchar_t>(cp));
  return t == THCHAR_ERR || t < 0xA1 ? 0 : t;
}

// libthai's word breaker with its default dictionary (libthai-data), loaded on first use
// and shared by all threads. A ThBrk is not safe for concurrent use, so every call holds
// the mutex; a break search over one label is short. Null when the dictionary cannot be
// loaded, in which case Thai runs break between characters.
class ThaiBreaker {
 public:
  static ThaiBreaker& Get() {
    static ThaiBreaker breaker;
    return breaker;
  }

  // Word breaks in the NUL-terminated TIS-620 string `tis`: offsets, strictly inside it,
  // of the characters that start a word. Returns false when no dictionary is loaded.
  bool FindBreaks(const std::vector<thchar_t>& tis, std::vector<int>& pos) {
    if (brk_ == nullptr) return false;
    pos.assign(tis.size(), 0);
    std::lock_guard<std::mutex> lock(mu_);
    int n = th_brk_find_breaks(brk_.get(), tis.data(), pos.data(), pos.size());
    pos.resize(static_cast<std::size_t>(std::max(n, 0)));
    return true;
  }

 private:
  struct Delete {
    void operator()(ThBrk* b) const { th_brk_delete(b); }
  };
  ThaiBreaker() : brk_(th_brk_new(nullptr)) {}
  std::mutex mu_;
  std::unique_ptr<ThBrk, Delete> brk_;
};

// Where Thai words lie in the clusters, by libthai's dictionary: edge[i] when a break
// before cluster i falls between two words of a run of Thai (or at the run's ends), and
// inside[i] when it would split a word that fits on a line. A word wider than `width` is
// split whatever happens, so breaks inside it are left ordinary and its pieces fill their
// lines. Each run of Thai clusters (no spaces) is handed to the breaker whole, so its
// choice between readings applies: "เสนอ|ขอ|งบประมาณ", not "เสนอ|ของ|บประมาณ". A mark
// that is not Thai rides along with its base unseen by the breaker; a break libthai
// reports inside a cluster is ignored.
void MarkWords(const std::vector<Cluster>& cs, int width, std::vector<bool>& inside, std::vector<bool>& edge) {
  const std::size_t n = cs.size();
  inside.assign(n + 1, false);
  edge.assign(n + 1, false);
  std::vector<thchar_t> tis;
  std::vector<std::size_t> cluster_at;   // cluster_at[k]: the cluster of TIS-620 byte k
  std::vector<int> pos;
  std::size_t i = 0;
  while (i < n) {
    if (cs[i].space || TisByte(cs[i].base) == 0) {
      ++i;
      continue;
    }
    std::size_t end = i;
    tis.clear();
    cluster_at.clear();
    for (; end < n && !cs[end].space && TisByte(cs[end].base) != 0; ++end) {
      std::size_t at = 0;
      while (at < cs[end].bytes.size()) {
        std::size_t len = 0;
        char32_t cp = CodePointAt(cs[end].bytes, at, len);
        if (thchar_t t = TisByte(cp); t != 0) {
          tis.push_back(t);
          cluster_at.push_back(end);
        }
        at += len;
      }
    }
    tis.push_back(0);
    if (ThaiBreaker::Get().FindBreaks(tis, pos)) {
      edge[i] = edge[end] = true;
      for (int p : pos) {
        if (p <= 0 || static_cast<std::size_t>(p) >= cluster_at.size()) continue;
        std::size_t c = cluster_at[static_cast<std::size_t>(p)];
        if (cluster_at[static_cast<std::size_t>(p) - 1] != c) edge[c] = true;   // else inside a cluster
      }
      for (std::size_t from = i; from < end;) {
        std::size_t to = from + 1;
        int columns = cs[from].columns;
        for (; !edge[to]; ++to) columns += cs[to].columns;
        if (columns <= width) {
          for (std::size_t k = from + 1; k < to; ++k) inside[k] = true;
        }
        from = to;
      }
    }
    i = end;
  }
}

// How good a break before cluster i is: 0 never, 1 only as a last resort (inside a Latin
// word or a Thai word), 2 fine, 3 between Thai words.
int BreakLevel(const std::vector<Cluster>& cs, const std::vector<bool>& inside, const std::vector<bool>& edge,
               std::size_t i) {
  const Cluster& prev = cs[i - 1];
  const Cluster& next = cs[i];
  if (IsLeadingVowel(prev.base) || IsTrailing(next.base)) return 0;
  if (prev.base == '(' || prev.base == '[' || prev.base == '{' || prev.base == '"' || prev.base == '\'') return 0;
  if (inside[i]) return 1;
  if (edge[i]) return 3;
  if (prev.base == '-' || prev.base == '/') return 2;
  if (IsAsciiAlnum(prev.base) && IsAsciiAlnum(next.base)) return 1;
  return 2;
}

std::string Join(const std::vector<Cluster>& cs, std::size_t from, std::size_t to) {
  while (to > from && cs[to - 1].space) --to;
  std::string out;
  for (std::size_t i = from; i < to; ++i) out.append(cs[i].bytes);
  return out;
}

void WrapParagraph(std::string_view text, int width, std::vector<std::string>& lines) {
  std::vector<Cluster> cs = Clusters(text);
  const std::size_t n = cs.size();
  std::vector<bool> inside, edge;
  MarkWords(cs, width, inside, edge);
  std::vector<int> at(n + 1, 0);   // at[i]: columns before cluster i
  for (std::size_t i = 0; i < n; ++i) at[i + 1] = at[i] + cs[i].columns;

  std::size_t s = 0;
  while (true) {
    while (s < n && cs[s].space) ++s;
    if (s >= n) return;
    // The furthest end that fits.
    std::size_t e = s;
    while (e < n && (at[e + 1] - at[s] <= width || cs[e].columns == 0)) ++e;
    if (e == n) {
      lines.push_back(Join(cs, s, n));
      return;
    }
    // Candidates in (s, e]: the last space break and the last break of each level.
    std::size_t space_at = 0, level3 = 0, level2 = 0, level1 = 0;
    for (std::size_t b = s + 1; b <= e; ++b) {
      if (cs[b].space || cs[b - 1].space) {
        if (!cs[b].space) space_at = b;   // break before the word after the spaces
        else if (!cs[b - 1].space) space_at = b;
        continue;
      }
      int level = BreakLevel(cs, inside, edge, b);
      if (level == 3) level3 = b;
      if (level == 2) level2 = b;
      if (level == 1) level1 = b;
    }
    auto cols = [&](std::size_t b) { return at[b] - at[s]; };
    std::size_t b = 0;
    int half = width / 2;
    if (space_at != 0 && cols(space_at) >= half) {
      b = space_at;
    } else if (level3 != 0 && cols(level3) >= half) {
      b = level3;
    } else if (level2 != 0 && cols(level2) >= half) {
      b = level2;
    } else if (space_at != 0) {
      b = space_at;
    } else if (level3 != 0) {
      b = level3;
    } else if (level2 != 0) {
      b = level2;
    } else if (level1 != 0) {
      b = level1;
    } else {
      b = e > s ? e : s + 1;
    }
    lines.push_back(Join(cs, s, b));
    s = b;
  }
}

}  // namespace

int LabelColumns(std::string_view utf8) {
  int cols = 0;
  for (const Cluster& c : Clusters(utf8)) cols += c.columns;
  return cols;
}

std::vector<std::string> WrapLabel(std::string_view utf8, int width) {
  if (width < 1) width = 1;
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= utf8.size()) {
    std::size_t nl = utf8.find('\n', start);
    std::string_view para = utf8.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    if (!para.empty() && para.back() == '\r') para.remove_suffix(1);
    std::size_t before = lines.size();
    WrapParagraph(para, width, lines);
    // An empty paragraph between others is kept as an empty line.
    if (lines.size() == before && nl != std::string_view::npos && !lines.empty()) lines.emplace_back();
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

}  // namespace krabuan
