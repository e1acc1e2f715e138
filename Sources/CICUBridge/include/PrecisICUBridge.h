// The only interface between Precis and ICU. It deliberately mentions no ICU type, so Swift
// modules that also see Foundation (which bundles its own ICU on Linux) can import it.
#ifndef PRECIS_ICU_BRIDGE_H
#define PRECIS_ICU_BRIDGE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// An ICU break iterator (sentence or word), opaque to Swift.
typedef struct PrecisBreaker PrecisBreaker;

/// Which kind of boundaries a breaker finds.
typedef enum PrecisBreakKind {
  PRECIS_BREAK_SENTENCE = 0,
  PRECIS_BREAK_WORD = 1,
} PrecisBreakKind;

/// Opens a break iterator for `locale` (e.g. "fr@ss=standard"). `status` receives ICU's
/// UErrorCode (> 0 is a failure). Returns NULL on failure.
PrecisBreaker *precis_breaker_open(PrecisBreakKind kind, const char *locale, int32_t *status);

/// A copy that can be used on another thread while the original stays untouched.
PrecisBreaker *precis_breaker_clone(const PrecisBreaker *breaker, int32_t *status);

/// Frees a breaker and any text it holds.
void precis_breaker_close(PrecisBreaker *breaker);

/// Points the breaker at UTF-8 text. The text must stay valid until the next call to
/// `precis_breaker_set_text` or `precis_breaker_close`.
void precis_breaker_set_text(PrecisBreaker *breaker, const uint8_t *text, int64_t length,
                             int32_t *status);

/// Points the breaker at UTF-16 text, which ICU reads about twice as fast as UTF-8 (offsets are
/// then UTF-16 units). Fails with U_INDEX_OUTOFBOUNDS_ERROR beyond INT32_MAX units. The text must
/// stay valid until the next call to a `precis_breaker_set_text` function or
/// `precis_breaker_close`.
void precis_breaker_set_text_utf16(PrecisBreaker *breaker, const uint16_t *text, int64_t length,
                                   int32_t *status);

/// The next boundary as an offset in the text's code units, or -1 at the end. `rule_status` receives the
/// rule status of the boundary (for words: 0 none, 100 number, 200 letter, ...).
int64_t precis_breaker_next(PrecisBreaker *breaker, int32_t *rule_status);

/// A boundary of `precis_breaker_boundaries_utf8`, with the boundary before it: the piece of
/// text between them.
typedef struct PrecisBoundary {
  /// The boundary as a UTF-8 byte offset into the text.
  int64_t offset;
  /// The boundary as a scalar offset into the text (a byte that does not begin a valid
  /// sequence counts as one scalar, U+FFFD).
  int64_t scalar;
  /// The boundary before it (the text's start for the first), as a byte offset.
  int64_t start;
  /// The boundary before it as a scalar offset.
  int64_t start_scalar;
  /// ICU's rule status there (for words: 0 none, 100 number, 200 letter, ...).
  int32_t status;
} PrecisBoundary;
/// Finds every boundary of UTF-8 `text` after its start, in order, as byte offsets with their
/// rule statuses, and returns how many (or -1 on failure with `status` set). The text is read
/// as UTF-16, which ICU reads two to three times as fast as UTF-8 (a byte that does not begin a
/// valid sequence reads as U+FFFD); `*boundaries` points into the breaker and stays valid until
/// its next call. `*apostrophes` receives how many bytes of the text may begin an apostrophe
/// (0x27, or 0xE2 which begins U+2019), counted on the way for callers that split elisions.
/// With `skip_spaces`, a boundary whose piece starts with an ASCII space, tab or line break is
/// left out (its rule status is not asked): a tokenizer's spaces, half the pieces of a text.
int64_t precis_breaker_boundaries_utf8(PrecisBreaker *breaker, const uint8_t *text, int64_t length,
                                       int32_t skip_spaces, const PrecisBoundary **boundaries,
                                       int64_t *apostrophes, int32_t *status);
/// Frees the breaker's buffers if a long text made them large; small ones are kept for the next
/// text.
void precis_breaker_release_buffers(PrecisBreaker *breaker);
/// Writes the NFC form of UTF-8 `text` into `*out` (malloc'd, caller frees with
/// `precis_free`), returning its length in bytes, or -1 on failure with `status` set.
int64_t precis_normalize_nfc(const uint8_t *text, int64_t length, uint8_t **out, int32_t *status);

/// Converts `length` bytes in the encoding ICU names `charset` ("windows-1252", "iso-8859-15",
/// "Shift_JIS"; ICU's aliases) to UTF-8 in `*out` (malloc'd, NUL-terminated, caller frees with
/// `precis_free`), returning its length in bytes; a byte sequence the encoding does not define
/// becomes ICU's substitute (U+FFFD or U+001A). Returns -1 with `status` set on failure
/// (U_FILE_ACCESS_ERROR for a name ICU does not know).
int64_t precis_convert_to_utf8(const char *charset, const uint8_t *bytes, int64_t length, uint8_t **out,
                               int32_t *status);

/// Frees memory allocated by the bridge.
void precis_free(void *pointer);

/// ICU's name for an error code, such as "U_ILLEGAL_ARGUMENT_ERROR".
const char *precis_icu_error_name(int32_t status);

/// ICU's version, such as "72.1".
const char *precis_icu_version(void);

#ifdef __cplusplus
}
#endif

#endif
