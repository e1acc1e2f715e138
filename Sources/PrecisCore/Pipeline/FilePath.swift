import Foundation

/// Small helpers for the relative paths a pipeline file names.
public enum FilePath {
  /// `path` with `.` and `..` components folded lexically; relative paths stay relative.
  public static func normalize(_ path: String) -> String {
    let absolute = path.hasPrefix("/")
    var parts: [String] = []
    for part in path.split(separator: "/", omittingEmptySubsequences: true) {
      if part == "." { continue }
      if part == "..", let last = parts.last, last != ".." {
        parts.removeLast()
      } else if part == "..", absolute {
        continue
      } else {
        parts.append(String(part))
      }
    }
    let joined = parts.joined(separator: "/")
    if absolute { return "/" + joined }
    return joined.isEmpty ? "." : joined
  }

  /// What tells a file's contents apart without reading them: its device, inode, size and
  /// modification time (`nil` when the file cannot be asked about; outside Linux, always).
  public static func identity(_ path: String) -> [Int]? {
    #if os(Linux)
      var info = stat()
      guard stat(path, &info) == 0 else { return nil }
      return [
        Int(info.st_dev), Int(info.st_ino), Int(info.st_size), Int(info.st_mtim.tv_sec),
        Int(info.st_mtim.tv_nsec),
      ]
    #else
      return nil
    #endif
  }

  /// `relative` resolved against the folder `directory`; absolute paths are kept.
  public static func resolve(_ relative: String, against directory: String) -> String {
    if relative.hasPrefix("/") || directory.isEmpty || directory == "." {
      return normalize(relative)
    }
    return normalize(directory + "/" + relative)
  }

  /// The folder part of `path` (`""` for a bare file name).
  public static func directory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "" }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }

  /// Whether `path` names a folder (after following links).
  public static func isDirectory(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
  }

  /// Whether a regular (non-directory) file exists at `path`.
  public static func isFile(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
      && !isDirectory.boolValue
  }

  /// Whether `path` names a regular file (after following links): not a folder, device, FIFO
  /// or socket, any of which could block a read or never end (`/dev/zero`).
  public static func isRegularFile(_ path: String) -> Bool {
    var status = stat()
    return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
  }

  /// The bytes of the regular file at `path`, or `nil` when it is missing, unreadable or not a
  /// regular file.
  public static func regularFileContents(_ path: String) -> [UInt8]? {
    guard isRegularFile(path), let data = FileManager.default.contents(atPath: path) else {
      return nil
    }
    return [UInt8](data)
  }
}
