import Foundation
import PrecisFuzzing

/// The target named by `PRECIS_FUZZ_TARGET` (see `FuzzTarget`); scripts/fuzz sets it.
let target: FuzzTarget = {
  let name = ProcessInfo.processInfo.environment["PRECIS_FUZZ_TARGET"] ?? ""
  guard let target = FuzzTarget(rawValue: name) else {
    let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
    FileHandle.standardError.write(Data("set PRECIS_FUZZ_TARGET to one of: \(names)\n".utf8))
    exit(2)
  }
  do {
    try FuzzTarget.prepare()
  } catch {
    FileHandle.standardError.write(Data("cannot set up the fuzz target: \(error)\n".utf8))
    exit(2)
  }
  return target
}()

/// libFuzzer's entry point: one input, any bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  target.run(data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? [])
  return 0
}
