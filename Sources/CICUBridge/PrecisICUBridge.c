#include "PrecisICUBridge.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#include <unicode/uversion.h>

struct PrecisBreaker {
  UBreakIterator *iterator;
  UText *text;
};

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

void precis_free(void *pointer) { free(pointer); }

const char *precis_icu_error_name(int32_t status) { return u_errorName((UErrorCode)status); }

const char *precis_icu_version(void) { return U_ICU_VERSION; }
