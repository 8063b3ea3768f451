// Line wrapping for labels in drawings, aware of Thai script.
//
// Thai writes words without spaces and stacks vowels and tone marks on the consonant
// before them, so neither "break at spaces" nor "break every N bytes" works. These
// functions count only base characters (a combining mark takes no column), never separate
// a base character from its marks, and avoid the breaks a Thai reader would stumble on:
// a line never ends on a leading vowel (เ แ โ ใ ไ) and never starts with a following one
// (ะ า ำ ๅ), ๆ or ฯ. Word boundaries in Thai come from libthai's word breaker and its
// dictionary (libthai-data): lines prefer to end between words ("มาตรฐาน|การศึกษา"), and a
// word is split between characters only when it is longer than a line by itself. Should
// the dictionary fail to load, Thai breaks between characters wherever the rules allow.
//
// Thread-safe: libthai's ThBrk is not, so one shared breaker is loaded on first use and
// guarded by a mutex; callers need no locking of their own.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace krabuan {

// Columns `utf8` takes: every code point counts one, except combining marks and other
// zero-width characters (IsZeroWidthMark in engine/text/utf8.h: Thai above/below vowels
// and tone marks U+0E31, U+0E34–U+0E3A, U+0E47–U+0E4E, combining accents, joiners) and
// the zero-width space, which count none. A wide character counts one like any other.
// Invalid bytes count one each.
int LabelColumns(std::string_view utf8);

// Splits `utf8` into lines of at most `width` columns (a single unbreakable cluster wider
// than that stays whole). Breaks at spaces when a line can end there; a run without spaces
// longer than a line is split between Thai words, and a word longer than a line between
// characters where Thai allows. Spaces at the break are dropped; newlines in the text are
// kept as line breaks. Empty text gives no lines.
// REQUIRES: width >= 1.
std::vector<std::string> WrapLabel(std::string_view utf8, int width);

}  // namespace krabuan
