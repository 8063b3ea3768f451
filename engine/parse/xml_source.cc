#include "engine/parse/xml_source.h"

#include <algorithm>

#include "engine/text/utf8.h"

namespace krabuan::parse {

XmlSource::XmlSource(std::string_view text, std::string file) : text_(text), file_(std::move(file)) {
  line_starts_.push_back(0);
  for (std::size_t i = text_.find('\n'); i != std::string_view::npos; i = text_.find('\n', i + 1)) {
    line_starts_.push_back(i + 1);
  }
}

SourceLocation XmlSource::AtOffset(std::ptrdiff_t offset) const {
  std::size_t off = offset < 0 ? 0 : std::min<std::size_t>(offset, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), off);
  std::size_t line = static_cast<std::size_t>(it - line_starts_.begin());  // 1-based
  std::size_t start = line_starts_[line - 1];
  int column = 1;
  if (line == cached_line_ && off >= cached_offset_ && cached_offset_ >= start) {
    start = cached_offset_;
    column = cached_column_;
  }
  column += static_cast<int>(CountCodePoints(text_.substr(start, off - start)));
  cached_offset_ = off;
  cached_line_ = line;
  cached_column_ = column;
  return SourceLocation{file_, static_cast<int>(line), column};
}

SourceLocation XmlSource::Of(const pugi::xml_node& node) const {
  // pugixml points just past '<' for elements; step back so the column names the '<'.
  std::ptrdiff_t off = node.offset_debug();
  if (node.type() == pugi::node_element && off > 0) --off;
  return AtOffset(off);
}

std::size_t XmlSource::AttributeOffset(const pugi::xml_node& node, std::string_view name) const {
  std::ptrdiff_t start = node.offset_debug();
  if (start < 0 || static_cast<std::size_t>(start) >= text_.size()) return std::string_view::npos;
  std::size_t end = text_.find('>', start);
  if (end == std::string_view::npos) end = text_.size();
  std::size_t pos = start;
  while (true) {
    pos = text_.find(name, pos);
    if (pos == std::string_view::npos || pos >= end) return std::string_view::npos;
    bool space_before = pos > 0 && (text_[pos - 1] == ' ' || text_[pos - 1] == '\t' ||
                                    text_[pos - 1] == '\n' || text_[pos - 1] == '\r');
    std::size_t after = pos + name.size();
    while (after < end && (text_[after] == ' ' || text_[after] == '\t')) ++after;
    if (space_before && after < end && text_[after] == '=') return pos;
    pos += name.size();
  }
}

SourceLocation XmlSource::OfAttribute(const pugi::xml_node& node, std::string_view name) const {
  std::size_t pos = AttributeOffset(node, name);
  if (pos == std::string_view::npos) return Of(node);
  return AtOffset(static_cast<std::ptrdiff_t>(pos));
}

SourceLocation XmlSource::InAttributeValue(const pugi::xml_node& node, std::string_view name, int column) const {
  std::size_t pos = AttributeOffset(node, name);
  if (pos == std::string_view::npos) return Of(node);
  std::size_t quote = text_.find_first_of("\"'", pos);
  if (quote == std::string_view::npos) return AtOffset(static_cast<std::ptrdiff_t>(pos));
  std::size_t p = quote + 1;
  for (int at = 1; at < column && p < text_.size() && text_[p] != text_[quote]; ++at) {
    if (text_[p] == '&') {
      std::size_t semi = text_.find(';', p);
      p = semi == std::string_view::npos ? p + 1 : semi + 1;
    } else {
      p = NextCodePointStart(text_, p);
    }
  }
  return AtOffset(static_cast<std::ptrdiff_t>(p));
}

void Problems::Add(const SourceLocation& where, std::string_view element, std::string_view id,
                   std::string_view message) {
  std::string line = where.ToString() + ": " + std::string(message);
  if (!element.empty()) {
    line += " (";
    line += element;
    if (!id.empty()) {
      line += " '";
      line += id;
      line += "'";
    }
    line += ")";
  }
  lines_.push_back(std::move(line));
}

void CheckAttributes(const XmlSource& src, const pugi::xml_node& node,
                     std::initializer_list<std::string_view> allowed, std::string_view id,
                     Problems& problems) {
  for (const pugi::xml_attribute& a : node.attributes()) {
    std::string_view name = a.name();
    if (name.starts_with("xmlns") || name.starts_with("xsi:")) continue;
    if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
    std::string expected;
    for (std::string_view s : allowed) {
      if (!expected.empty()) expected += ", ";
      expected += s;
    }
    problems.Add(src.OfAttribute(node, name), node.name(), id,
                 "unknown attribute '" + std::string(name) + "' on <" + node.name() +
                     "> (expected one of: " + expected + ")");
  }
}

std::vector<std::string> SplitWords(std::string_view text) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r' || text[i] == ',')) ++i;
    std::size_t j = i;
    while (j < text.size() && !(text[j] == ' ' || text[j] == '\t' || text[j] == '\n' || text[j] == '\r' || text[j] == ',')) ++j;
    if (j > i) words.emplace_back(text.substr(i, j - i));
    i = j;
  }
  return words;
}

bool LoadXml(const XmlSource& src, std::string_view text, pugi::xml_document& doc,
             Problems& problems) {
  pugi::xml_parse_result r =
      doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!r) {
    problems.Add(src.AtOffset(r.offset), "", "",
                 std::string("malformed XML: ") + r.description());
    return false;
  }
  return true;
}

}  // namespace krabuan::parse
