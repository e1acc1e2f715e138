import Foundation
import PrecisCore

/// What `translate-terms` builds from its glossaries before the first article: the matcher,
/// and the warnings reading the glossaries raised.
struct CompiledGlossary {
  var matcher: TermMatcher
  var warnings: [Diagnostic]

  init(matcher: TermMatcher, warnings: [Diagnostic]) {
    self.matcher = matcher
    self.warnings = warnings
  }

  /// Reads `files` and builds their matcher, with the rules of `sourceLanguage`.
  init(
    files: [SourceFile], stopwords: Set<String>, sourceLanguage: String, targetLanguage: String,
    domains: [String], tokenizer: WordTokenizer
  ) throws {
    let glossary = try Glossary.load(
      files, sourceLanguage: sourceLanguage, targetLanguage: targetLanguage, tokenizer: tokenizer)
    let rules = TermMatcher.rules(for: sourceLanguage)
    matcher = TermMatcher(
      glossary: glossary, language: sourceLanguage, domains: domains, verbCues: rules.verbCues,
      headBreakers: rules.headBreakers, prefixes: rules.prefixes, stopwords: stopwords)
    warnings = glossary.warnings
  }
}

/// Compiled glossaries kept on disk between runs. Building the matcher of the bundled glossary
/// (inflected forms, first-word index, term table) is most of what every `precis` command
/// spends before its first article; reading it back costs about a fortieth of that (its
/// entries stay in the mapped file until a term found needs one: `GlossaryEntries`).
///
/// A compiled glossary is found by a key over everything it is built from: the bytes, paths and
/// settings of every glossary and stopword file, the languages and domains, and the executable
/// itself (its build ID, else its size, modification time and inode), so that a changed file or
/// a rebuilt Precis never reads a stale one. The file also holds a checksum of its contents: a damaged file is
/// ignored and written anew. Small glossaries, which build in a few milliseconds, are not kept;
/// large ones most need it (a million rows: 11 s to build, 0.45 s to read back).
///
/// The folder is `$PRECIS_CACHE_DIR`, else `$XDG_CACHE_HOME/precis`, else `~/.cache/precis`;
/// `PRECIS_CACHE=off` turns the cache off. At most `keptFiles` compiled glossaries are kept,
/// and `keptBytes` in all.
public enum GlossaryCache {
  /// Changes when the file layout changes.
  static let formatVersion = 13
  /// Glossaries with fewer entries are built each time.
  static let minimumEntries = 500
  /// Compiled glossaries larger than this are not kept (a glossary of a million two-word rows
  /// compiles to 500 MB).
  static let maximumBytes = 1 << 30
  /// How many compiled glossaries the folder keeps; the oldest go first.
  static let keptFiles = 8
  /// How many bytes of compiled glossaries the folder keeps (past the newest); the oldest go
  /// first.
  static let keptBytes = 2 << 30
  private static let magic = Array("PRECISGC".utf8)

  /// The cache folder `environment` names, or `nil` when the cache is off or no folder is named.
  public static func folder(environment: [String: String] = settings()) -> String? {
    if let setting = environment["PRECIS_CACHE"]?.lowercased(), ["off", "0", "false", "no"].contains(setting)
    {
      return nil
    }
    if let folder = environment["PRECIS_CACHE_DIR"], !folder.isEmpty { return folder }
    if let base = environment["XDG_CACHE_HOME"], base.hasPrefix("/") { return base + "/precis" }
    if let home = environment["HOME"], home.hasPrefix("/") { return home + "/.cache/precis" }
    return nil
  }

  /// The environment variables `folder(environment:)` reads, read one by one (Foundation's
  /// `ProcessInfo.environment` makes a dictionary of the whole environment at each call).
  public static func settings() -> [String: String] {
    var values: [String: String] = [:]
    for name in ["PRECIS_CACHE", "PRECIS_CACHE_DIR", "XDG_CACHE_HOME", "HOME"] {
      if let value = getenv(name) { values[name] = String(cString: value) }
    }
    return values
  }

  /// The compiled glossary of `files` (with `stopwords` and the other inputs of `build`), read
  /// from `folder` when it holds it, else made by `build` and kept there when large enough.
  /// Without a folder, or when a file cannot be read (`build` then reports it), `build` runs.
  static func compiled(
    files: [SourceFile], stopwords: [String], sourceLanguage: String, targetLanguage: String,
    domains: [String], folder: String?, minimumEntries: Int = GlossaryCache.minimumEntries,
    build: () throws -> CompiledGlossary
  ) throws -> CompiledGlossary {
    guard let folder,
      let key = key(
        files: files, stopwords: stopwords, sourceLanguage: sourceLanguage, targetLanguage: targetLanguage,
        domains: domains)
    else { return try build() }
    let path = folder + "/glossary-" + key.hex + ".bin"
    // (Mapped, not copied: the file is read straight from the page cache. Precis never
    // rewrites one in place, only renames a new one over it, which leaves a mapping whole.)
    if let file = MappedFile(path: path),
      let compiled = read(file, key: key, sourceLanguage: sourceLanguage, domains: domains)
    {
      return compiled
    }
    let compiled = try build()
    if compiled.matcher.entries.count >= minimumEntries {
      store(compiled, key: key, at: path, folder: folder)
    }
    return compiled
  }

  // MARK: - The key

  /// 128 bits over a sequence of values; not cryptographic, only a name for the inputs.
  struct Key: Equatable {
    private(set) var first: UInt64 = 0x243F_6A88_85A3_08D3
    private(set) var second: UInt64 = 0x1319_8A2E_0370_7344

    mutating func add(_ bytes: UnsafeRawBufferPointer) {
      add(word: UInt64(bytes.count))
      var offset = 0
      while offset + 8 <= bytes.count {
        add(word: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        offset += 8
      }
      var tail: UInt64 = 0
      for index in offset..<bytes.count { tail |= UInt64(bytes[index]) << (8 * UInt64(index - offset)) }
      add(word: tail)
    }

    mutating func add(_ value: Int) { add(word: UInt64(bitPattern: Int64(value))) }

    mutating func add(_ text: String) {
      var text = text
      text.withUTF8 { add(UnsafeRawBufferPointer($0)) }
    }

    private mutating func add(word: UInt64) {
      first = (first ^ word) &* 0x9E37_79B9_7F4A_7C15
      first ^= first >> 29
      second = (second &+ word) &* 0xC2B2_AE3D_27D4_EB4F
      second ^= second >> 31
      second = second &+ first
    }

    /// The key as 32 hexadecimal digits.
    var hex: String {
      [first, second].map { value in
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
      }.joined()
    }
  }

  /// The key of the inputs, or `nil` when a file cannot be read or the executable not found.
  static func key(
    files: [SourceFile], stopwords: [String], sourceLanguage: String, targetLanguage: String,
    domains: [String]
  ) -> Key? {
    var key = Key()
    key.add(formatVersion)
    guard let executable = executableIdentity() else { return nil }
    for value in executable { key.add(value) }
    key.add(sourceLanguage)
    key.add(targetLanguage)
    key.add(domains.count)
    for domain in domains { key.add(domain) }
    key.add(files.count)
    for file in files {
      key.add(file.path)
      key.add(file.settings.count)
      for (name, value) in file.settings.sorted(by: { $0.key < $1.key }) {
        key.add(name)
        key.add(value)
      }
      key.add(file.location?.file ?? "")
      key.add(file.location?.line ?? -1)
      key.add(file.location?.column ?? -1)
      guard let contents = FilePath.regularFileContents(file.path) else { return nil }
      contents.withUnsafeBytes { key.add($0) }
    }
    key.add(stopwords.count)
    for path in stopwords {
      key.add(path)
      guard let contents = FilePath.regularFileContents(path) else { return nil }
      contents.withUnsafeBytes { key.add($0) }
    }
    return key
  }

  /// What tells the running executable's build apart (`identity(ofExecutableAt:)`).
  static func executableIdentity() -> [Int]? {
    identity(ofExecutableAt: "/proc/self/exe")
  }

  /// What tells the build of the executable at `path` apart: its GNU build ID (a hash of the
  /// linked program, so that copies of one build, such as the binary each Spark container
  /// unpacks, share their compiled glossaries), else its device, inode, size and modification
  /// time. (Asked of Linux; elsewhere there is no cache.)
  static func identity(ofExecutableAt path: String) -> [Int]? {
    #if os(Linux)
      if let buildID = ExecutableBuildID.read(path: path) {
        // (A marker, then the ID eight bytes at a time: never the length of a stat identity.)
        return [-1, buildID.count]
          + stride(from: 0, to: buildID.count, by: 8).map { start in
            buildID[start..<min(start + 8, buildID.count)].reduce(0) { $0 << 8 | Int($1) }
          }
      }
      return FilePath.identity(path)
    #else
      return nil
    #endif
  }

  // MARK: - The file

  /// The file's bytes: the header (magic, version, key, checksum and length of the contents),
  /// then the contents. (`store` writes the same bytes to the file a chunk at a time.)
  static func bytes(of compiled: CompiledGlossary, key: Key) -> [UInt8] {
    var contents = BinaryWriter()
    write(compiled, to: &contents)
    let sum = contents.bytes.withUnsafeBytes { checksum($0) }
    return header(key: key, sum: sum, length: contents.bytes.count) + contents.bytes
  }

  /// The header of a file whose contents have checksum `sum` and `length` bytes, written by the
  /// executable `writer` names (the running one by default); its size does not depend on `sum`
  /// and `length`.
  static func header(key: Key, sum: UInt64, length: Int, writer: Writer? = .running) -> [UInt8] {
    var header = BinaryWriter()
    for byte in magic { header.write(Int(byte)) }
    header.write(formatVersion)
    header.write(plain: [key.first, key.second, sum])
    header.write(length)
    header.write(writer?.path ?? "")
    header.write(plain: writer?.identity ?? [])
    return header.bytes
  }

  /// The executable that wrote a compiled glossary: its path and its identity
  /// (`identity(ofExecutableAt:)`), which tell when it has been rebuilt in place.
  struct Writer: Equatable {
    var path: String
    var identity: [Int]

    /// The running executable, when its path and identity can be told.
    static var running: Writer? {
      guard let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
        let identity = executableIdentity()
      else { return nil }
      return Writer(path: path, identity: identity)
    }
  }

  /// The header of the compiled glossary at `path`, up to its writer, or `nil` when the file is
  /// none of this format.
  static func writer(ofFileAt path: String) -> Writer? {
    guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
    defer { try? handle.close() }
    guard let head = try? handle.read(upToCount: 1 << 16) else { return nil }
    return head.withUnsafeBytes { raw -> Writer? in
      var reader = BinaryReader(raw)
      guard (try? magic.allSatisfy({ try reader.int() == Int($0) })) == true,
        (try? reader.int()) == formatVersion, (try? reader.plain(UInt64.self))?.count == 3,
        (try? reader.int()) != nil, let path = try? reader.string(),
        let identity = try? reader.plain(Int.self),
        !path.isEmpty
      else { return nil }
      return Writer(path: path, identity: identity)
    }
  }

  /// The contents of the file: the warnings, then the matcher.
  static func write(_ compiled: CompiledGlossary, to contents: inout BinaryWriter) {
    contents.write(compiled.warnings.count)
    for warning in compiled.warnings { write(warning, to: &contents) }
    compiled.matcher.write(to: &contents)
  }

  /// The compiled glossary in `file`, or `nil` when it is not one of this key, or damaged. Its
  /// entries stay in the file, read when asked for; the pages read for the rest are let go.
  static func read(_ file: MappedFile, key: Key, sourceLanguage: String, domains: [String])
    -> CompiledGlossary?
  {
    let raw = file.bytes
    var reader = BinaryReader(file)
    guard (try? magic.allSatisfy({ try reader.int() == Int($0) })) == true,
      (try? reader.int()) == formatVersion,
      let sums = try? reader.plain(UInt64.self), sums.count == 3,
      sums[0] == key.first, sums[1] == key.second,
      let length = try? reader.int(), (try? reader.string()) != nil, (try? reader.plain(Int.self)) != nil,
      length == raw.count - reader.offset
    else { return nil }
    // The checksum a part at a time, each part's pages let go once summed.
    var sum = Checksum()
    let part = 16 << 20
    for start in stride(from: reader.offset, to: raw.count, by: part) {
      let end = min(raw.count, start + part)
      sum.add(UnsafeRawBufferPointer(rebasing: raw[start..<end]))
      if end - start == part { file.dropPages(from: start, count: part) }
    }
    guard sum.value == sums[2] else { return nil }
    defer { file.dropPages() }
    do {
      let count = try reader.count(ofAtLeast: 8)
      var warnings: [Diagnostic] = []
      for _ in 0..<count { warnings.append(try readDiagnostic(&reader)) }
      let matcher = try TermMatcher(reading: &reader, file: file, language: sourceLanguage, domains: domains)
      guard reader.isAtEnd else { return nil }
      return CompiledGlossary(matcher: matcher, warnings: warnings)
    } catch {
      return nil
    }
  }

  /// A checksum of a file's contents, against damage (not tampering): Fletcher's, on 64-bit
  /// words in four lanes (two additions a word, which the vector unit does two at a time;
  /// multiplying each word into a hash took a seventh of reading the bundled glossary back).
  static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    var sum = Checksum()
    sum.add(bytes)
    return sum.value
  }

  /// `checksum(_:)` of bytes given in parts, as a file is written a chunk at a time.
  struct Checksum {
    /// The sums of each lane's words, and the sums of those sums, which tell the words' order.
    private var sums: SIMD4<UInt64> = [1, 2, 3, 4]
    private var weighted: SIMD4<UInt64> = .zero
    private var count = 0
    /// The last bytes given, fewer than a step's 32, not yet added to the lanes.
    private var pending: [UInt8] = []

    @inline(__always)
    private static func mix(_ lane: UInt64, _ word: UInt64) -> UInt64 {
      let mixed = (lane ^ word) &* 0xFF51_AFD7_ED55_8CCD
      return mixed ^ mixed >> 31
    }

    @inline(__always)
    private mutating func step(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
      sums &+= bytes.loadUnaligned(fromByteOffset: offset, as: SIMD4<UInt64>.self)
      weighted &+= sums
    }

    mutating func add(_ bytes: UnsafeRawBufferPointer) {
      count += bytes.count
      var offset = 0
      if !pending.isEmpty {
        offset = min(32 - pending.count, bytes.count)
        pending.append(contentsOf: bytes[0..<offset])
        guard pending.count == 32 else { return }
        pending.withUnsafeBytes { step($0, at: 0) }
        pending.removeAll(keepingCapacity: true)
      }
      while offset + 32 <= bytes.count {
        step(bytes, at: offset)
        offset += 32
      }
      pending.append(contentsOf: bytes[offset...])
    }

    /// The checksum of all the bytes given.
    var value: UInt64 {
      var sum = UInt64(count)
      for lane in 0..<4 { sum = Self.mix(Self.mix(sum, sums[lane]), weighted[lane]) }
      for byte in pending { sum = Self.mix(sum, UInt64(byte)) }
      return sum
    }
  }

  /// Writes the compiled glossary beside `path`, `chunk` bytes at a time, and renames it there
  /// (a reader never sees half a file), unless it grows past `limit` bytes; then removes the
  /// oldest compiled glossaries past `keptFiles` and `keptBytes`, and the half-written files of
  /// processes that were stopped while writing one. A folder that cannot be written only means
  /// no cache.
  static func store(
    _ compiled: CompiledGlossary, key: Key, at path: String, folder: String, limit: Int = maximumBytes,
    chunk: Int = 1 << 20
  ) {
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let temporary = path + ".\(getpid()).\(UInt64.random(in: 0...UInt64.max))" + temporarySuffix
    // (Written here, not through `FileManager.createFile`, which writes to a file of its own
    // first: a process stopped then, as a Spark task can be, left 2 MB under a name nobody
    // would clear.)
    let descriptor = openNew(temporary)
    guard descriptor >= 0 else { return }
    // The header, whose checksum and length are known last, is written over its place at the end.
    let headerSize = header(key: key, sum: 0, length: 0).count
    var stored = [UInt8](repeating: 0, count: headerSize).withUnsafeBytes { writeAll($0, to: descriptor) }
    var sum = Checksum()
    var length = 0
    if stored {
      var contents = BinaryWriter(chunk: chunk) { part in
        guard headerSize + length + part.count <= limit, writeAll(part, to: descriptor) else { return false }
        sum.add(part)
        length += part.count
        return true
      }
      write(compiled, to: &contents)
      stored = contents.finish()
    }
    if stored {
      stored = header(key: key, sum: sum.value, length: length).withUnsafeBytes {
        writeAll($0, to: descriptor, at: 0)
      }
    }
    close(descriptor)
    guard stored, rename(temporary, path) == 0 else {
      unlink(temporary)
      return
    }
    prune(folder, keeping: keptFiles)
  }

  /// The end of the names of files being written.
  static let temporarySuffix = ".tmp"
  /// How old a file being written must be to be taken for a stopped process's: writing one
  /// takes milliseconds.
  static let abandonedAfter: TimeInterval = 600

  /// A new file at `path`, open for writing; `-1` when the file exists or cannot be made.
  static func openNew(_ path: String) -> Int32 {
    open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
  }

  /// Removes the compiled glossaries of `folder` whose executable has been rebuilt where it was
  /// (their header names it), then the oldest past the newest `count`, or past `limit` bytes in
  /// all (the newest is kept whatever its size), and the files being written
  /// (`glossary-….bin.….tmp`) last changed more than `abandonedAfter` seconds before `now`.
  static func prune(_ folder: String, keeping count: Int, bytes limit: Int = keptBytes, now: Date = Date()) {
    let manager = FileManager.default
    guard let names = try? manager.contentsOfDirectory(atPath: folder) else { return }
    func modified(_ path: String) -> Date {
      (try? manager.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? .distantPast
    }
    func size(_ path: String) -> Int {
      ((try? manager.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.intValue ?? 0
    }
    for name in names where name.hasPrefix("glossary-") && name.hasSuffix(temporarySuffix) {
      let path = folder + "/" + name
      if now.timeIntervalSince(modified(path)) > abandonedAfter { unlink(path) }
    }
    var files = names.filter { $0.hasPrefix("glossary-") && $0.hasSuffix(".bin") }.map { folder + "/" + $0 }
    // A file whose executable has been rebuilt where it was can never be read again: its key
    // holds the old build. (One whose executable is gone is kept: a Spark container's copy goes
    // when the container ends, and copies of the same build elsewhere read its files.)
    files.removeAll { path in
      guard let writer = writer(ofFileAt: path), let now = identity(ofExecutableAt: writer.path),
        now != writer.identity
      else { return false }
      unlink(path)
      return true
    }
    let dated = files.map { ($0, modified($0)) }
    // The newest first; the newest is always kept, an older one when it fits both bounds.
    var (kept, total) = (0, 0)
    for (path, _) in dated.sorted(by: { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }) {
      let bytes = size(path)
      if kept == 0 || (kept < count && total + bytes <= limit) {
        kept += 1
        total += bytes
      } else {
        unlink(path)
      }
    }
  }

  static func write(_ diagnostic: Diagnostic, to writer: inout BinaryWriter) {
    writer.write(diagnostic.severity.rawValue)
    writer.write(diagnostic.message)
    writer.write(diagnostic.location != nil)
    if let location = diagnostic.location { writer.write(location) }
    writer.write(diagnostic.notes)
    writer.write(diagnostic.sourceLine)
  }

  static func readDiagnostic(_ reader: inout BinaryReader) throws -> Diagnostic {
    guard let severity = Diagnostic.Severity(rawValue: try reader.string()) else {
      throw BinaryReader.Invalid()
    }
    let message = try reader.string()
    let location = try reader.bool() ? try reader.location() : nil
    return Diagnostic(
      severity, message, at: location, notes: try reader.strings(), sourceLine: try reader.optionalString())
  }
}

// MARK: - The matcher's parts

extension TermMatcher {
  /// Writes what the glossary made: entries, terms, table and index (the rest comes from the
  /// pipeline's settings and the language, given again when reading).
  func write(to writer: inout BinaryWriter) {
    writer.write(entries.count)
    for entry in entries { entry.write(to: &writer) }
    // The terms as plain arrays, one value a term (their entries, one after another), then
    // the words as written of the terms matched only as written.
    writer.write(plain: terms.map(\.entries.count))
    writer.write(plain: terms.flatMap(\.entries))
    writer.write(plain: terms.map(\.caseSensitive))
    writer.write(plain: terms.map(\.headCount))
    writer.write(plain: terms.map { $0.chosen ?? -1 })
    writer.write(plain: terms.map(\.cued.count))
    writer.write(plain: terms.flatMap(\.cued))
    writer.write(plain: terms.map(\.nouns.count))
    writer.write(plain: terms.flatMap(\.nouns))
    for term in terms where term.caseSensitive { writer.write(term.written) }
    table.write(to: &writer)
    index.write(to: &writer)
    writer.write(plain: renderTraits.map(\.byte))
  }

  /// The matcher `write(to:)` wrote in `file`, for a glossary in `language` with `domains`. Its
  /// entries are only checked and left in the file, read when asked for (`GlossaryEntries`).
  init(reading reader: inout BinaryReader, file: MappedFile, language: String, domains: [String]) throws {
    let entryCount = try reader.count(ofAtLeast: 8)
    var offsets: [Int] = []
    offsets.reserveCapacity(entryCount)
    for _ in 0..<entryCount {
      offsets.append(reader.offset)
      try GlossaryEntry.skip(reading: &reader)
    }
    let counts = try reader.plain(Int.self)
    let members = try reader.plain(Int.self)
    let caseSensitive = try reader.plain(Bool.self)
    let headCounts = try reader.plain(Int.self)
    let chosen = try reader.plain(Int.self)
    let cuedCounts = try reader.plain(Int.self)
    let cued = try reader.plain(Int.self)
    let nounCounts = try reader.plain(Int.self)
    let nouns = try reader.plain(Int.self)
    let termCount = counts.count
    guard caseSensitive.count == termCount, headCounts.count == termCount, chosen.count == termCount,
      counts.allSatisfy({ $0 > 0 && $0 <= members.count }), counts.reduce(0, +) == members.count,
      members.allSatisfy({ $0 >= 0 && $0 < entryCount }), chosen.allSatisfy({ $0 >= -1 && $0 < entryCount }),
      cuedCounts.count == termCount, cuedCounts.allSatisfy({ $0 >= 0 && $0 <= cued.count }),
      cuedCounts.reduce(0, +) == cued.count, cued.allSatisfy({ $0 >= 0 && $0 < entryCount }),
      nounCounts.count == termCount, nounCounts.allSatisfy({ $0 >= 0 && $0 <= nouns.count }),
      nounCounts.reduce(0, +) == nouns.count, nouns.allSatisfy({ $0 >= 0 && $0 < entryCount })
    else { throw BinaryReader.Invalid() }
    var terms: [Term] = []
    terms.reserveCapacity(termCount)
    var (start, cuedStart, nounStart) = (0, 0, 0)
    for term in 0..<termCount {
      terms.append(
        Term(
          entries: members[start..<(start + counts[term])], slots: [], foldedSlots: [],
          caseSensitive: caseSensitive[term], written: caseSensitive[term] ? try reader.strings() : [],
          headCount: headCounts[term], chosen: chosen[term] >= 0 ? chosen[term] : nil,
          cued: cued[cuedStart..<(cuedStart + cuedCounts[term])],
          nouns: nouns[nounStart..<(nounStart + nounCounts[term])]))
      start += counts[term]
      cuedStart += cuedCounts[term]
      nounStart += nounCounts[term]
    }
    let table = try TermTable(reading: &reader)
    let index = try FirstWordIndex(reading: &reader, terms: terms.count)
    let traits = try reader.plain(UInt8.self).compactMap(RenderTraits.init(byte:))
    guard traits.count == entryCount else { throw BinaryReader.Invalid() }
    self.init(
      entries: GlossaryEntries(MappedEntries(file: file, offsets: offsets)), renderTraits: traits,
      terms: terms,
      table: table, index: index, language: language, domains: domains)
  }
}

extension GlossaryEntry {
  func write(to writer: inout BinaryWriter) {
    writer.write(source)
    writer.write(target)
    writer.write(pluralTarget)
    writer.write(pos)
    writer.write(domain)
    writer.write(caseSensitive)
    writer.write(keep)
    writer.write(participle)
    writer.write(feminine)
    writer.write(render)
    writer.write(note)
    writer.write(context)
    writer.write(location)
    writer.write(tokens)
    // (Most terms are written as their words lowercased: the array is then read once and
    // shared, not decoded twice.)
    writer.write(written == tokens)
    if written != tokens { writer.write(written) }
  }

  init(reading reader: inout BinaryReader) throws {
    let source = try reader.string()
    let target = try reader.string()
    let pluralTarget = try reader.string()
    let pos = try reader.optionalString()
    let domain = try reader.optionalString()
    let caseSensitive = try reader.bool()
    let keep = try reader.bool()
    let participle = try reader.bool()
    let feminine = try reader.bool()
    let render = try reader.bool()
    let note = try reader.optionalString()
    let context = try reader.strings()
    let location = try reader.location()
    let tokens = try reader.strings()
    let written = try reader.bool() ? tokens : try reader.strings()
    self.init(
      source: source, target: target, pluralTarget: pluralTarget, pos: pos, domain: domain,
      caseSensitive: caseSensitive, keep: keep, note: note, location: location, tokens: tokens,
      written: written)
    self.participle = participle
    self.feminine = feminine
    self.render = render
    self.context = context
  }

  /// Passes over an entry `write(to:)` wrote, with the reads of `init(reading:)` but making
  /// nothing: what it checks, reading the entry later cannot fail on.
  static func skip(reading reader: inout BinaryReader) throws {
    try reader.skipString()
    try reader.skipString()
    try reader.skipString()
    try reader.skipOptionalString()
    try reader.skipOptionalString()
    _ = try reader.bool()
    _ = try reader.bool()
    _ = try reader.bool()
    _ = try reader.bool()
    _ = try reader.bool()
    try reader.skipOptionalString()
    try reader.skipStrings()
    try reader.skipLocation()
    try reader.skipStrings()
    if !(try reader.bool()) { try reader.skipStrings() }
  }
}

/// Writes all of `bytes` to `file`, at `position` in the file when given, else at its end;
/// `false` when a write fails. (Outside `GlossaryCache`, whose own `write` would hide the
/// system's.)
private func writeAll(_ bytes: UnsafeRawBufferPointer, to file: Int32, at position: Int? = nil) -> Bool {
  guard let base = bytes.baseAddress else { return true }
  var offset = 0
  while offset < bytes.count {
    let written =
      if let position {
        pwrite(file, base + offset, bytes.count - offset, off_t(position + offset))
      } else {
        write(file, base + offset, bytes.count - offset)
      }
    if written < 0 {
      if errno == EINTR { continue }
      return false
    }
    offset += written
  }
  return true
}
