// UTF-8 text for the whole program: decoding, validity, code point boundaries and display
// width. The store and every output assume valid UTF-8, so text people type (values,
// comments) is checked here at the door.
//
// Decoding is utf8proc's and accepts only well-formed UTF-8: no overlong forms, no
// surrogates, nothing past U+10FFFF, no sequence cut short. Widths come from utf8proc's
// character width tables, so the command line's tables, the labels in drawings and every
// shortened name agree on which characters take a column: Thai above and below vowels and
// tone marks (the ู and ้ in "ผู้") take none, East Asian wide characters take two.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace krabuan {

// One code point read from UTF-8 text.
struct DecodedCodePoint {
  char32_t value = 0;
  std::size_t length = 0;   // bytes it takes; 0 when the bytes are not well-formed UTF-8
};

// The code point whose encoding starts at text[pos]; length 0 when the bytes there do not
// start a well-formed sequence that ends within `text`.
// REQUIRES: pos < text.size().
DecodedCodePoint DecodeAt(std::string_view text, std::size_t pos);

// True when `s` is well-formed UTF-8.
bool IsValidUtf8(std::string_view s);

// True for a byte 10xxxxxx, which continues a sequence and never starts a code point.
constexpr bool IsContinuationByte(char byte) { return (static_cast<unsigned char>(byte) & 0xC0) == 0x80; }

// Code points counted by the bytes that start them: every byte that is not a continuation
// byte counts one (an invalid lead byte too); continuation bytes count none.
std::size_t CountCodePoints(std::string_view text);

// The first byte after the one at `pos` that is not a continuation byte (or the end).
// REQUIRES: pos < text.size().
std::size_t NextCodePointStart(std::string_view text, std::size_t pos);

// The longest prefix of `text` of at most `max_bytes` bytes that does not stop inside a
// code point: it ends before a byte that is not a continuation byte, or at the end.
std::string_view TruncateToBytes(std::string_view text, std::size_t max_bytes);

// Terminal columns of one code point: 2 for East Asian wide and fullwidth characters, 0
// for combining marks, zero-width and control characters, 1 for the rest.
int CodePointWidth(char32_t cp);

// True for a combining mark or format character with no width of its own (categories M*
// and Cf of width 0): Thai above and below vowels and tone marks, the combining accents,
// variation selectors, zero-width joiners. It belongs with the character before it.
// Control characters and line separators are not marks.
bool IsZeroWidthMark(char32_t cp);

// The number of terminal columns `utf8` occupies: the sum of CodePointWidth. A byte that
// does not start a well-formed sequence counts 1 and decoding resumes at the next byte.
int DisplayWidth(std::string_view utf8);

// `utf8` cut to at most `width` columns. Text that fits is returned unchanged; otherwise
// whole grapheme clusters (a base character with its combining marks, never split) are
// kept while they fit in `width - 1` columns and "…" is appended. A width of 0 or less
// gives "". Invalid bytes are kept as they are, one column each.
std::string TruncateToWidth(std::string_view utf8, int width);

}  // namespace krabuan
