extension Array {
  /// `count` copies of `value`, as `init(repeating:count:)` makes them.
  ///
  /// (That initializer allocates through a function of the standard library that is not
  /// specialized for the element type: it looks up the array's type metadata in the runtime's
  /// table at every call, several hundred instructions, where this one's growth is specialized
  /// and reads a cached metadata pointer. The stages make such arrays for every article.)
  @inlinable
  public init(filling value: Element, count: Int) {
    self.init()
    reserveCapacity(count)
    append(contentsOf: repeatElement(value, count: count))
  }
}
