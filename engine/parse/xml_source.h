// Shared helpers for the XML readers: positions in the source text and problem lists.
// Only engine/parse/ uses pugixml.
#pragma once

#include <pugixml.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "engine/model/source_location.h"
#include "engine/status.h"

namespace krabuan::parse {

// Maps byte offsets of one source text to line:column (columns in code points).
class XmlSource {
 public:
  XmlSource(std::string_view text, std::string file);

  SourceLocation AtOffset(std::ptrdiff_t offset) const;
  SourceLocation Of(const pugi::xml_node& node) const;
  // Where `name="…"` is written in node's start tag; the node's own place if not found.
  SourceLocation OfAttribute(const pugi::xml_node& node, std::string_view name) const;
  // Where the character at `column` (1-based, in code points of the parsed value, as an
  // expression's column counts) of attribute `name`'s value is written, entities such as
  // &lt; counted as the one character they stand for; the attribute's place if not found.
  SourceLocation InAttributeValue(const pugi::xml_node& node, std::string_view name, int column) const;
  const std::string& file() const { return file_; }

 private:
  // The byte offset of `name="…"` in node's start tag, or npos.
  std::size_t AttributeOffset(const pugi::xml_node& node, std::string_view name) const;
  std::string_view text_;
  std::string file_;
  std::vector<std::size_t> line_starts_;
  // The last place computed: readers ask in file order, so a column is counted on from
  // the previous one on the same line instead of from the line's start (a file written
  // on one line would otherwise cost quadratic time). One reader per source: not shared.
  mutable std::size_t cached_offset_ = 0;
  mutable std::size_t cached_line_ = 1;
  mutable int cached_column_ = 1;
};

// Collects every problem in a file, so all are reported at once.
class Problems {
 public:
  // "file:line:col: message (task 'review')"; element/id may be empty.
  void Add(const SourceLocation& where, std::string_view element, std::string_view id,
           std::string_view message);
  bool empty() const { return lines_.empty(); }
  Status ToStatus() const { return Status::InvalidMany(lines_); }

 private:
  std::vector<std::string> lines_;
};

// Checks that an element carries only known attributes (xmlns and xsi: are always allowed).
void CheckAttributes(const XmlSource& src, const pugi::xml_node& node,
                     std::initializer_list<std::string_view> allowed, std::string_view id,
                     Problems& problems);

// Splits a space-separated attribute value ("a b  c") into words.
std::vector<std::string> SplitWords(std::string_view text);

// Loads text into doc; on a syntax error adds it to problems and returns false.
bool LoadXml(const XmlSource& src, std::string_view text, pugi::xml_document& doc,
             Problems& problems);

}  // namespace krabuan::parse
