#include "engine/render/text_wrap.h"

#include <algorithm>

namespace krabuan {
namespace {

// One base character with the combining marks that follow it.
struct Cluster {
  std::string_view bytes;
  char32_t base = 0;
  int columns = 0;
  bool space = false;   // a break opportunity dropped at a line end (space, tab, ZWSP)
};

// Decodes one code point at `pos`; invalid bytes decode as themselves, one at a time.
char32_t DecodeAt(std::string_view s, std::size_t pos, std::size_t& len) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  unsigned char c = byte(pos);
  len = 1;
  if (c < 0x80) return c;
  int extra = (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : -1;
  if (extra < 0) return c;
  char32_t cp = c & (0x3F >> extra);
  for (int k = 1; k <= extra; ++k) {
    if (pos + k >= s.size() || (byte(pos + k) & 0xC0) != 0x80) return c;
    cp = (cp << 6) | (byte(pos + k) & 0x3F);
  }
  len = static_cast<std::size_t>(extra) + 1;
  return cp;
}

bool IsCombining(char32_t cp) {
  return cp == 0x0E31 || (cp >= 0x0E34 && cp <= 0x0E3A) || (cp >= 0x0E47 && cp <= 0x0E4E) ||   // Thai
         (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) || (cp >= 0x1DC0 && cp <= 0x1DFF) ||
         (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xFE20 && cp <= 0xFE2F) ||
         cp == 0x200C || cp == 0x200D;
}

bool IsSpace(char32_t cp) { return cp == ' ' || cp == '\t' || cp == 0x200B; }

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
    char32_t cp = DecodeAt(text, pos, len);
    if (IsCombining(cp) && !out.empty() && !out.back().space) {
      Cluster& c = out.back();
      c.bytes = std::string_view(c.bytes.data(), c.bytes.size() + len);
    } else {
      Cluster c;
      c.bytes = text.substr(pos, len);
      c.base = cp;
      c.space = IsSpace(cp);
      c.columns = (IsCombining(cp) || cp == 0x200B) ? 0 : 1;
      out.push_back(c);
    }
    pos += len;
  }
  return out;
}

// Common words of the office's procedures. Thai has no spaces between words, and without
// a dictionary a line may end inside one ("มาตรฐานกา|รศึกษา"); breaks inside these words
// are a last resort and breaks at their edges are preferred. Text they do not cover still
// breaks between characters. Matched longest first, left to right.
constexpr std::string_view kWords[] = {
    "สำนักงาน", "เขตพื้นที่", "พื้นที่", "การศึกษา", "ศึกษา", "สถานศึกษา", "ขั้นพื้นฐาน",
    "พื้นฐาน", "งบประมาณ", "คณะกรรมการ", "กรรมการ", "คณะ", "แจ้ง", "นโยบาย", "และ", "แผน", "พัฒนา",
    "มาตรฐาน", "หลักเกณฑ์", "วิธีการ", "การ", "จัดตั้ง", "จัดทำ", "ให้", "ดำเนินการ", "ดำเนินงาน",
    "ดำเนิน", "คำขอ", "ขอ", "รับ", "เสนอ", "วิเคราะห์", "ความ", "เหมาะสม", "หรือ", "ของ",
    "ร่วมกัน", "กำหนด", "เป้าหมาย", "ผลผลิต", "ทั้ง", "ปริมาณ", "เชิง", "คุณภาพ", "ประจำปี",
    "ประจำ", "ปี", "เห็นชอบ", "ใน", "รายละเอียด", "ผล", "พิจารณา", "อนุมัติ", "ผู้บังคับบัญชา",
    "ผู้", "รับทราบ", "ทราบ", "เพื่อ", "ประสาน", "กับ", "หน่วยงาน", "ภายนอก", "ภายใน", "ต่อไป",
    "ต่อ", "ติดตาม", "ประเมินผล", "ประเมิน", "รายงาน", "บุคลากร", "อุดหนุน", "รายจ่าย", "อื่น",
    "ลงทุน", "ค่า", "ครุภัณฑ์", "ที่ดิน", "สิ่งก่อสร้าง", "ทุก", "กลุ่ม", "ผู้อำนวยการ",
    "รับผิดชอบ", "งาน", "เจ้าหน้าที่", "ปฏิบัติงาน", "ปฏิบัติ", "ประกาศ", "คำสั่ง", "แต่งตั้ง",
    "โครงการ", "กิจกรรม", "ข้อมูล", "สารสนเทศ", "ยุทธศาสตร์", "บูรณาการ", "จังหวัด", "กระทรวง",
    "ศึกษาธิการ", "ส่ง", "ตรวจสอบ", "สรุป", "บันทึก", "เอกสาร", "หนังสือ", "ลงนาม", "แล้ว", "โดย",
    "ตาม", "จาก", "เงิน", "เหลือจ่าย", "โอน", "เปลี่ยนแปลง", "จัดสรร", "ประชุม", "เรื่อง", "ระบบ",
    "แนวทาง", "คู่มือ", "ประสิทธิภาพ", "ถูกต้อง", "เร่งด่วน", "กรณี", "ฉบับ", "ที่", "เป็น", "ได้",
    "ไม่", "ราย", "แก้ไข", "ปรับปรุง", "ทบทวน", "ตัวชี้วัด", "ผู้เกี่ยวข้อง", "เกี่ยวข้อง",
    "สาธารณชน", "เผยแพร่", "รวบรวม", "วางแผน", "บริหาร", "จัดการ", "ประจำเดือน", "ไตรมาส", "ครั้ง",
    "ระดับ", "ขั้นตอน", "ระยะเวลา", "เวลา", "วัน", "เดือน", "อนุกรรมการ", "พร้อม", "ผ่าน",
    "ยืนยัน", "ตอบ", "กลับ", "คืน"};

// The lengths, in clusters, of the known words that start at cluster i.
std::vector<std::size_t> WordsAt(const std::vector<Cluster>& cs, std::size_t i) {
  std::vector<std::size_t> lengths;
  for (std::string_view word : kWords) {
    std::size_t bytes = 0, k = i;
    while (k < cs.size() && bytes < word.size() && word.substr(bytes, cs[k].bytes.size()) == cs[k].bytes) {
      bytes += cs[k].bytes.size();
      ++k;
    }
    if (bytes == word.size()) lengths.push_back(k - i);
  }
  return lengths;
}

bool IsThai(char32_t cp) { return cp >= 0x0E00 && cp <= 0x0E7F; }

// Where known words lie in the clusters: inside[i] when a break before cluster i would
// split a word, edge[i] when cluster i starts or follows one. At each point the longest
// word after which another word (or non-Thai text) starts wins, else the longest:
// "เสนอ|ขอ|งบประมาณ", not "เสนอ|ของ|บประมาณ".
void MarkWords(const std::vector<Cluster>& cs, std::vector<bool>& inside, std::vector<bool>& edge) {
  inside.assign(cs.size() + 1, false);
  edge.assign(cs.size() + 1, false);
  auto word_starts = [&](std::size_t j) { return j >= cs.size() || !IsThai(cs[j].base) || !WordsAt(cs, j).empty(); };
  std::size_t i = 0;
  while (i < cs.size()) {
    std::vector<std::size_t> lengths = WordsAt(cs, i);
    if (lengths.empty()) {
      ++i;
      continue;
    }
    std::sort(lengths.rbegin(), lengths.rend());
    std::size_t best = lengths.front();
    for (std::size_t len : lengths) {
      if (word_starts(i + len)) {
        best = len;
        break;
      }
    }
    edge[i] = edge[i + best] = true;
    for (std::size_t k = i + 1; k < i + best; ++k) inside[k] = true;
    i += best;
  }
}

// How good a break before cluster i is: 0 never, 1 only as a last resort (inside a Latin
// word or a known Thai word), 2 fine, 3 at the edge of a known Thai word.
int BreakLevel(const std::vector<Cluster>& cs, const std::vector<bool>& inside, const std::vector<bool>& edge,
               std::size_t i) {
  const Cluster& prev = cs[i - 1];
  const Cluster& next = cs[i];
  if (IsLeadingVowel(prev.base) || IsTrailing(next.base)) return 0;
  if (inside[i]) return 1;
  if (edge[i]) return 3;
  if (prev.base == '(' || prev.base == '[' || prev.base == '{' || prev.base == '"' || prev.base == '\'') return 0;
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
  MarkWords(cs, inside, edge);
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
