#include "PrecisICUBridge.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/ucnv.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#include <unicode/uversion.h>

struct PrecisBreaker {
  UBreakIterator *iterator;
  UText *text;
  // The UTF-16 form of the text `precis_breaker_boundaries_utf8` was last given, kept between
  // calls so that a sentence needs no allocation; freed when it grew past `KEPT_UNITS`.
  UChar *units;
  int64_t unitCapacity;
  PrecisBoundary *boundaries;
  int64_t boundaryCapacity;
  // Where the UTF-16 offsets stop equalling the byte and scalar offsets: one shift after each
  // scalar of two bytes or more (see `precis_breaker_boundaries_utf8`).
  struct Shift *shifts;
  int64_t shiftCapacity;
};

/// After the scalar that ends at UTF-16 offset `unit`: how many bytes more than UTF-16 units
/// the text has so far, and how many surrogate pairs (scalars of two units).
struct Shift {
  int32_t unit;
  int32_t bytes;
  int32_t pairs;
};

/// Buffers up to this size stay with a breaker between calls (a long paragraph's); larger ones
/// (a text with no sentence break) are freed once read.
enum { KEPT_UNITS = 1 << 16 };

/// Wraps an iterator ICU returned (or failed to return) in a PrecisBreaker.
static PrecisBreaker *wrap(UBreakIterator *iterator, UErrorCode error, int32_t *status) {
  *status = (int32_t)error;
  if (U_FAILURE(error) || iterator == NULL) {
    if (iterator != NULL) {
      ubrk_close(iterator);
    }
    return NULL;
  }
  PrecisBreaker *breaker = calloc(1, sizeof(PrecisBreaker));
  if (breaker == NULL) {
    ubrk_close(iterator);
    *status = (int32_t)U_MEMORY_ALLOCATION_ERROR;
    return NULL;
  }
  breaker->iterator = iterator;
  return breaker;
}

PrecisBreaker *precis_breaker_open(PrecisBreakKind kind, const char *locale, int32_t *status) {
  UErrorCode error = U_ZERO_ERROR;
  UBreakIteratorType type = kind == PRECIS_BREAK_WORD ? UBRK_WORD : UBRK_SENTENCE;
  UBreakIterator *iterator = ubrk_open(type, locale, NULL, 0, &error);
  return wrap(iterator, error, status);
}

PrecisBreaker *precis_breaker_clone(const PrecisBreaker *breaker, int32_t *status) {
  UErrorCode error = U_ZERO_ERROR;
  UBreakIterator *iterator = ubrk_clone(breaker->iterator, &error);
  return wrap(iterator, error, status);
}

void precis_breaker_close(PrecisBreaker *breaker) {
  if (breaker == NULL) {
    return;
  }
  ubrk_close(breaker->iterator);
  if (breaker->text != NULL) {
    utext_close(breaker->text);
  }
  free(breaker->units);
  free(breaker->boundaries);
  free(breaker->shifts);
  free(breaker);
}

void precis_breaker_set_text(PrecisBreaker *breaker, const uint8_t *text, int64_t length,
                             int32_t *status) {
  UErrorCode error = U_ZERO_ERROR;
  static const char empty[1] = {0};
  const char *start = length > 0 ? (const char *)text : empty;
  breaker->text = utext_openUTF8(breaker->text, start, length, &error);
  if (U_SUCCESS(error)) {
    ubrk_setUText(breaker->iterator, breaker->text, &error);
  }
  *status = (int32_t)error;
}

void precis_breaker_set_text_utf16(PrecisBreaker *breaker, const uint16_t *text, int64_t length,
                                   int32_t *status) {
  UErrorCode error = U_ZERO_ERROR;
  static const UChar empty[1] = {0};
  if (length > INT32_MAX) {
    *status = (int32_t)U_INDEX_OUTOFBOUNDS_ERROR;
    return;
  }
  ubrk_setText(breaker->iterator, length > 0 ? (const UChar *)text : empty, (int32_t)length, &error);
  *status = (int32_t)error;
}

int64_t precis_breaker_next(PrecisBreaker *breaker, int32_t *rule_status) {
  int32_t boundary = ubrk_next(breaker->iterator);
  if (boundary == UBRK_DONE) {
    *rule_status = 0;
    return -1;
  }
  *rule_status = ubrk_getRuleStatus(breaker->iterator);
  return (int64_t)boundary;
}

/// The length in bytes of the UTF-8 sequence at `bytes[index]`, whose scalar goes to `*scalar`;
/// a byte that does not begin a whole, valid sequence is one byte read as U+FFFD. (Text from a
/// Swift string is always valid: this only keeps other bytes from being read past their end.)
static inline int32_t sequence_length(const uint8_t *bytes, int64_t index, int64_t length,
                                      uint32_t *scalar) {
  uint8_t lead = bytes[index];
  if (lead < 0x80) {
    *scalar = lead;
    return 1;
  }
  int32_t count;
  uint32_t value;
  uint32_t minimum;
  if (lead >= 0xC2 && lead <= 0xDF) {
    count = 2;
    value = lead & 0x1F;
    minimum = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    count = 3;
    value = lead & 0x0F;
    minimum = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    count = 4;
    value = lead & 0x07;
    minimum = 0x10000;
  } else {
    *scalar = 0xFFFD;
    return 1;
  }
  if (index + count > length) {
    *scalar = 0xFFFD;
    return 1;
  }
  for (int32_t next = 1; next < count; next++) {
    uint8_t byte = bytes[index + next];
    if ((byte & 0xC0) != 0x80) {
      *scalar = 0xFFFD;
      return 1;
    }
    value = (value << 6) | (byte & 0x3F);
  }
  if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
    *scalar = 0xFFFD;
    return 1;
  }
  *scalar = value;
  return count;
}

/// Makes room for `count` elements of `size` bytes in `*buffer`, which holds `*capacity`,
/// dropping what it held (the UTF-16 units and shifts are written anew for every text).
static int reserve(void **buffer, int64_t *capacity, int64_t count, size_t size) {
  if (*capacity >= count) {
    return 1;
  }
  int64_t wanted = count < 256 ? 256 : count;
  void *grown = malloc((size_t)wanted * size);
  if (grown == NULL) {
    return 0;
  }
  free(*buffer);
  *buffer = grown;
  *capacity = wanted;
  return 1;
}

/// Doubles the room for boundaries, keeping those found.
static int grow_boundaries(PrecisBreaker *breaker) {
  int64_t wanted = breaker->boundaryCapacity < 128 ? 128 : breaker->boundaryCapacity * 2;
  PrecisBoundary *grown = realloc(breaker->boundaries, (size_t)wanted * sizeof(PrecisBoundary));
  if (grown == NULL) {
    return 0;
  }
  breaker->boundaries = grown;
  breaker->boundaryCapacity = wanted;
  return 1;
}

int64_t precis_breaker_boundaries_utf8(PrecisBreaker *breaker, const uint8_t *text, int64_t length,
                                       int32_t skip_spaces, const PrecisBoundary **boundaries,
                                       int64_t *apostrophes, int32_t *status) {
  *boundaries = NULL;
  *apostrophes = 0;
  int64_t apostropheBytes = 0;
  if (length > INT32_MAX / 2) {
    *status = (int32_t)U_INDEX_OUTOFBOUNDS_ERROR;
    return -1;
  }
  // UTF-16 has at most one unit per byte, and a scalar of several bytes takes two or more.
  if (!reserve((void **)&breaker->units, &breaker->unitCapacity, length + 1, sizeof(UChar)) ||
      !reserve((void **)&breaker->shifts, &breaker->shiftCapacity, length / 2 + 1,
               sizeof(struct Shift))) {
    *status = (int32_t)U_MEMORY_ALLOCATION_ERROR;
    return -1;
  }
  UChar *units = breaker->units;
  int64_t unitCount = 0;
  struct Shift *shifts = breaker->shifts;
  int64_t shiftCount = 0;
  int32_t extraBytes = 0;
  int32_t pairs = 0;
  for (int64_t index = 0; index < length;) {
    uint8_t lead = text[index];
    if (lead < 0x80) {
      // Eight ASCII bytes at a step where there are.
      uint64_t word;
      while (index + 8 <= length && (memcpy(&word, text + index, 8), (word & 0x8080808080808080ULL) == 0)) {
        for (int step = 0; step < 8; step++) {
          units[unitCount + step] = text[index + step];
        }
        // The bytes equal to 0x27 are the zero bytes of `word ^ 0x2727...`: each gets its high
        // bit set here (exactly, as every byte is below 0x80), and they are counted.
        uint64_t other = word ^ 0x2727272727272727ULL;
        uint64_t zero = ~(((other & 0x7F7F7F7F7F7F7F7FULL) + 0x7F7F7F7F7F7F7F7FULL) | other) &
                        0x8080808080808080ULL;
        // (Counted by a multiply: the baseline x86-64 target has no popcount instruction, and
        // the library's fallback cost 17 instructions a word.)
        apostropheBytes += (int64_t)(((zero >> 7) * 0x0101010101010101ULL) >> 56);
        unitCount += 8;
        index += 8;
      }
      if (index < length && text[index] < 0x80) {
        apostropheBytes += text[index] == 0x27;
        units[unitCount++] = text[index++];
      }
      continue;
    }
    apostropheBytes += lead == 0xE2;
    uint32_t scalar;
    int32_t bytes = sequence_length(text, index, length, &scalar);
    index += bytes;
    if (scalar >= 0x10000) {
      units[unitCount++] = (UChar)(0xD7C0 + (scalar >> 10));
      units[unitCount++] = (UChar)(0xDC00 | (scalar & 0x3FF));
      extraBytes += bytes - 2;
      pairs++;
    } else {
      units[unitCount++] = (UChar)scalar;
      extraBytes += bytes - 1;
    }
    // (A byte read alone as U+FFFD is one byte, one unit: nothing shifts.)
    if (bytes > 1) {
      shifts[shiftCount].unit = (int32_t)unitCount;
      shifts[shiftCount].bytes = extraBytes;
      shifts[shiftCount].pairs = pairs;
      shiftCount++;
    }
  }
  UErrorCode error = U_ZERO_ERROR;
  static const UChar empty[1] = {0};
  ubrk_setText(breaker->iterator, unitCount > 0 ? units : empty, (int32_t)unitCount, &error);
  if (U_FAILURE(error)) {
    *status = (int32_t)error;
    return -1;
  }
  // Each boundary's UTF-16 offset is made a byte and a scalar offset by the last shift at or
  // before it (boundaries only grow, and fall between scalars).
  int64_t count = 0;
  int64_t next = 0;
  int32_t shiftBytes = 0;
  int32_t shiftPairs = 0;
  int32_t previous = 0;
  int64_t previousOffset = 0;
  int64_t previousScalar = 0;
  for (int32_t boundary = ubrk_next(breaker->iterator); boundary != UBRK_DONE;
       boundary = ubrk_next(breaker->iterator)) {
    while (next < shiftCount && shifts[next].unit <= boundary) {
      shiftBytes = shifts[next].bytes;
      shiftPairs = shifts[next].pairs;
      next++;
    }
    int64_t offset = (int64_t)boundary + shiftBytes;
    int64_t scalar = (int64_t)boundary - shiftPairs;
    UChar first = previous < boundary ? units[previous] : 0;
    if (skip_spaces && (first == 0x20 || (first >= 0x09 && first <= 0x0D))) {
      previous = boundary;
      previousOffset = offset;
      previousScalar = scalar;
      continue;
    }
    if (count == breaker->boundaryCapacity && !grow_boundaries(breaker)) {
      ubrk_setText(breaker->iterator, empty, 0, &error);
      *status = (int32_t)U_MEMORY_ALLOCATION_ERROR;
      return -1;
    }
    PrecisBoundary *found = &breaker->boundaries[count];
    found->offset = offset;
    found->scalar = scalar;
    found->start = previousOffset;
    found->start_scalar = previousScalar;
    found->status = ubrk_getRuleStatus(breaker->iterator);
    count++;
    previous = boundary;
    previousOffset = offset;
    previousScalar = scalar;
  }
  // The iterator keeps pointing at the breaker's own buffer, which stays until the next text or
  // `precis_breaker_release_buffers`.
  *status = 0;
  *boundaries = breaker->boundaries;
  *apostrophes = apostropheBytes;
  return count;
}

void precis_breaker_release_buffers(PrecisBreaker *breaker) {
  if (breaker->unitCapacity > KEPT_UNITS) {
    static const UChar empty[1] = {0};
    UErrorCode error = U_ZERO_ERROR;
    ubrk_setText(breaker->iterator, empty, 0, &error);
    free(breaker->units);
    breaker->units = NULL;
    breaker->unitCapacity = 0;
  }
  if (breaker->boundaryCapacity > KEPT_UNITS) {
    free(breaker->boundaries);
    breaker->boundaries = NULL;
    breaker->boundaryCapacity = 0;
  }
  if (breaker->shiftCapacity > KEPT_UNITS) {
    free(breaker->shifts);
    breaker->shifts = NULL;
    breaker->shiftCapacity = 0;
  }
}

int64_t precis_normalize_nfc(const uint8_t *text, int64_t length, uint8_t **out, int32_t *status) {
  UErrorCode error = U_ZERO_ERROR;
  *out = NULL;
  if (length > INT32_MAX / 4) {
    *status = (int32_t)U_INDEX_OUTOFBOUNDS_ERROR;
    return -1;
  }
  const UNormalizer2 *nfc = unorm2_getNFCInstance(&error);
  if (U_FAILURE(error)) {
    *status = (int32_t)error;
    return -1;
  }
  int32_t utf16Length = 0;
  u_strFromUTF8(NULL, 0, &utf16Length, (const char *)text, (int32_t)length, &error);
  if (error == U_BUFFER_OVERFLOW_ERROR) {
    error = U_ZERO_ERROR;
  }
  if (U_FAILURE(error)) {
    *status = (int32_t)error;
    return -1;
  }
  UChar *source = malloc(sizeof(UChar) * (size_t)(utf16Length + 1));
  if (source == NULL) {
    *status = (int32_t)U_MEMORY_ALLOCATION_ERROR;
    return -1;
  }
  u_strFromUTF8(source, utf16Length + 1, NULL, (const char *)text, (int32_t)length, &error);
  // NFC never more than triples the length in UTF-16 code units.
  int32_t capacity = utf16Length * 3 + 1;
  UChar *normalized = malloc(sizeof(UChar) * (size_t)capacity);
  if (normalized == NULL) {
    free(source);
    *status = (int32_t)U_MEMORY_ALLOCATION_ERROR;
    return -1;
  }
  int32_t normalizedLength =
      U_SUCCESS(error) ? unorm2_normalize(nfc, source, utf16Length, normalized, capacity, &error)
                       : 0;
  free(source);
  if (U_FAILURE(error)) {
    free(normalized);
    *status = (int32_t)error;
    return -1;
  }
  int32_t utf8Length = 0;
  u_strToUTF8(NULL, 0, &utf8Length, normalized, normalizedLength, &error);
  if (error == U_BUFFER_OVERFLOW_ERROR) {
    error = U_ZERO_ERROR;
  }
  uint8_t *result = malloc((size_t)utf8Length + 1);
  if (result == NULL || U_FAILURE(error)) {
    free(normalized);
    free(result);
    *status = U_FAILURE(error) ? (int32_t)error : (int32_t)U_MEMORY_ALLOCATION_ERROR;
    return -1;
  }
  u_strToUTF8((char *)result, utf8Length + 1, NULL, normalized, normalizedLength, &error);
  free(normalized);
  if (U_FAILURE(error)) {
    free(result);
    *status = (int32_t)error;
    return -1;
  }
  *status = 0;
  *out = result;
  return utf8Length;
}

int64_t precis_convert_to_utf8(const char *charset, const uint8_t *bytes, int64_t length, uint8_t **out,
                               int32_t *status) {
  UErrorCode error = U_ZERO_ERROR;
  *out = NULL;
  // A byte becomes at most three bytes of UTF-8 (a character of a multibyte encoding fewer).
  if (length < 0 || length > INT32_MAX / 3) {
    *status = (int32_t)U_INDEX_OUTOFBOUNDS_ERROR;
    return -1;
  }
  const char *source = length > 0 ? (const char *)bytes : "";
  int32_t needed = ucnv_convert("UTF-8", charset, NULL, 0, source, (int32_t)length, &error);
  if (error == U_BUFFER_OVERFLOW_ERROR || error == U_STRING_NOT_TERMINATED_WARNING) {
    error = U_ZERO_ERROR;
  }
  if (U_FAILURE(error)) {
    *status = (int32_t)error;
    return -1;
  }
  uint8_t *result = malloc((size_t)needed + 1);
  if (result == NULL) {
    *status = (int32_t)U_MEMORY_ALLOCATION_ERROR;
    return -1;
  }
  int32_t written = ucnv_convert("UTF-8", charset, (char *)result, needed + 1, source, (int32_t)length, &error);
  if (U_FAILURE(error)) {
    free(result);
    *status = (int32_t)error;
    return -1;
  }
  *status = 0;
  *out = result;
  return written;
}

void precis_free(void *pointer) { free(pointer); }

const char *precis_icu_error_name(int32_t status) { return u_errorName((UErrorCode)status); }

const char *precis_icu_version(void) { return U_ICU_VERSION; }
