import CICUBridge

/// A failure reported by ICU, with ICU's error name.
public struct ICUError: PrecisError, CustomStringConvertible {
  /// ICU's `UErrorCode` value.
  public var code: Int32
  /// What Precis was doing.
  public var operation: String

  /// Creates an error from an ICU status code.
  public init(code: Int32, operation: String) {
    self.code = code
    self.operation = operation
  }

  /// ICU's name for the code (`U_ILLEGAL_ARGUMENT_ERROR`).
  public var name: String { String(cString: precis_icu_error_name(code)) }

  /// The error as one diagnostic.
  public var diagnostics: [Diagnostic] {
    [Diagnostic(.error, "ICU failed to \(operation): \(name)")]
  }

  /// ICU errors come from the locale or data the configuration names.
  public var kind: FailureKind { .configuration }

  /// The diagnostic as printed.
  public var description: String { diagnostics[0].description }

  /// Throws when `code` is an ICU failure (greater than zero).
  static func check(_ code: Int32, _ operation: @autoclosure () -> String) throws {
    if code > 0 { throw ICUError(code: code, operation: operation()) }
  }

  /// The version of the ICU library Precis is linked with (`72.1`).
  public static var libraryVersion: String { String(cString: precis_icu_version()) }
}
