import Foundation

/// An article written in Markdown, as scrapers and readers give pages (`# Titre`, `**gras**`,
/// `[lien](https://…)`), read for its text: the marks that are no words of the article go,
/// the words stay, and the structure the sentence splitter reads stays in lines and blank
/// lines (a heading and a list item on lines of their own, paragraphs between blank lines).
///
/// - Headings (`# …` to `###### …`, and a line underlined with `===` or `---`) keep their
///   text, as a paragraph of its own.
/// - Links keep their text (`[texte](url)`, `[texte][1]`, `<https://…>` its address); images
///   (`![alt](url)`), link definitions (`[1]: https://…`), fenced code blocks and HTML
///   comments go.
/// - Emphasis (`**`, `__`, `*`, `_`, `~~`) and code spans lose their marks; a backslash escape
///   keeps its character; a quotation's `>` goes; a list item keeps a `- ` bullet (`* ` and
///   `+ ` become one), a numbered one its number.
/// - Lines of one paragraph are joined with a space, as Markdown renders them; a rule (`---`,
///   `***`) is a paragraph break.
///
/// Every mark is ASCII, so the text is read and written as UTF-8 bytes.
enum MarkdownText {
  /// Whether `bytes` read as Markdown: a heading line (`#` to `######` then a space and a
  /// word, at a line's start), a link or image (`](` then an address, after a `[` on the
  /// line), bold text (`**` before a word, twice), or a reader's header (`readerHeader`). A
  /// hashtag (`#Paris`), a lone star or bracket is not enough. (Every article of a corpus is
  /// asked: see `search`.)
  static func detect(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = bytes.baseAddress, !bytes.isEmpty else { return false }
    let count = bytes.count
    if bytes.starts(with: titleField),
      readerHeader(Array(bytes.prefix(4_096)).split(separator: 0x0A, omittingEmptySubsequences: false)) != nil
    {
      return true
    }
    var found = false
    // A heading: `#` at a line's start.
    search(0x23, in: base, count: count) { at in
      guard at == 0 || bytes[at - 1] == 0x0A else { return false }
      var end = at
      while end < count, bytes[end] == 0x23, end - at < 7 { end += 1 }
      found = end - at <= 6 && end + 1 < count && bytes[end] == 0x20 && bytes[end + 1] > 0x20
      return found
    }
    if found { return true }
    // A link: `](` and an address, after a `[` on the line.
    search(0x5D, in: base, count: count) { at in
      guard at + 2 < count, bytes[at + 1] == 0x28, isAddressStart(bytes[at + 2]) else { return false }
      var back = at
      while back > 0, bytes[back - 1] != 0x0A {
        back -= 1
        if bytes[back] == 0x5B {
          found = true
          return true
        }
      }
      return false
    }
    if found { return true }
    // Bold: `**` before a word, twice.
    var bold = 0
    search(0x2A, in: base, count: count) { at in
      if at + 2 < count, bytes[at + 1] == 0x2A, bytes[at + 2] > 0x20, bytes[at + 2] != 0x2A,
        at == 0 || bytes[at - 1] != 0x2A
      {
        bold += 1
      }
      return bold >= 2
    }
    return bold >= 2
  }

  /// Calls `body` with each position of `byte` in the `count` bytes at `base`, in order, until
  /// it returns true. (`memchr` passes over a text without the byte at a fraction of an
  /// instruction a byte.)
  private static func search(
    _ byte: UInt8, in base: UnsafePointer<UInt8>, count: Int, _ body: (Int) -> Bool
  ) {
    var from = 0
    while from < count {
      guard let hit = memchr(base + from, Int32(byte), count - from) else { return }
      let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
      if body(at) { return }
      from = at + 1
    }
  }

  /// Whether `byte` may open a link's address: `h` (`http`), `/`, `#`, `.`, `w` (`www.`) or
  /// `m` (`mailto:`).
  static func isAddressStart(_ byte: UInt8) -> Bool {
    byte == 0x68 || byte == 0x2F || byte == 0x23 || byte == 0x2E || byte == 0x77 || byte == 0x6D
  }

  /// The text of Markdown `bytes` (UTF-8), as described above.
  static func text(of bytes: [UInt8]) -> [UInt8] {
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count)
    // The paragraph being gathered, its lines joined with a space.
    var paragraph: [UInt8] = []
    func endParagraph() {
      guard !paragraph.isEmpty else { return }
      if !output.isEmpty { output.append(contentsOf: [0x0A, 0x0A]) }
      output.append(contentsOf: paragraph)
      paragraph.removeAll(keepingCapacity: true)
    }
    /// A line that stands alone: a heading or a list item.
    func lineOfItsOwn(_ line: [UInt8]) {
      endParagraph()
      guard !line.isEmpty else { return }
      if !output.isEmpty { output.append(contentsOf: [0x0A, 0x0A]) }
      output.append(contentsOf: line)
    }
    let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
      line.last == 0x0D ? line.dropLast() : line
    }
    var fence: [UInt8]?
    var inComment = false
    var quoted = false
    var index = 0
    // A reader's header (`Title: …`, `URL Source: …`, `Markdown Content:`): the title is the
    // article's, the rest goes.
    if let header = readerHeader(lines) {
      lineOfItsOwn(inline(header.title))
      index = header.contentStart
    }
    while index < lines.count {
      defer { index += 1 }
      var line = ArraySlice(lines[index])
      // Fenced code: dropped with its fences.
      let trimmed = line.drop { $0 == 0x20 }
      if let open = fence {
        if trimmed.starts(with: open) { fence = nil }
        continue
      }
      if trimmed.starts(with: [0x60, 0x60, 0x60]) || trimmed.starts(with: [0x7E, 0x7E, 0x7E]) {
        fence = Array(trimmed.prefix(3))
        endParagraph()
        continue
      }
      // An HTML comment over lines.
      if inComment {
        if let end = find([0x2D, 0x2D, 0x3E], in: line) {
          inComment = false
          line = line[end...]
        } else {
          continue
        }
      }
      // `<!--` not closed on its line.
      if trimmed.starts(with: [0x3C, 0x21, 0x2D, 0x2D]), find([0x2D, 0x2D, 0x3E], in: trimmed) == nil {
        inComment = true
        continue
      }
      // A quotation's marks.
      var body = line.drop { $0 == 0x20 }
      let quote = body.first == 0x3E
      while body.first == 0x3E {  // `>`
        body = body.dropFirst().drop { $0 == 0x20 }
      }
      // A quotation is a paragraph of its own.
      if quote != quoted { endParagraph() }
      quoted = quote
      if body.isEmpty || body.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
        endParagraph()
        continue
      }
      if isRule(body) {
        endParagraph()
        continue
      }
      // A line underlined as a heading: the paragraph so far is the heading.
      if isUnderline(body), !paragraph.isEmpty {
        endParagraph()
        continue
      }
      if isLinkDefinition(body) || isTableRule(body) { continue }
      if body.first == 0x23, let heading = headingText(body) {
        lineOfItsOwn(inline(heading))
        continue
      }
      if let item = listItem(body) {
        lineOfItsOwn(inline(item))
        continue
      }
      if body.first == 0x7C {  // a table's row: its cells, on a line of its own
        var row = body.dropFirst()
        while row.last == 0x20 || row.last == 0x7C { row = row.dropLast() }
        lineOfItsOwn(inline(row.drop { $0 == 0x20 }))
        continue
      }
      let text = inline(body)
      if text.isEmpty { continue }
      if !paragraph.isEmpty { paragraph.append(0x20) }
      paragraph.append(contentsOf: text)
    }
    endParagraph()
    output.append(0x0A)
    return output
  }

  /// The header a reader such as Jina Reader writes before the page's Markdown: a first line
  /// `Title: …`, then `URL Source:`, `Published Time:` and such lines, and a line
  /// `Markdown Content:` within the first twelve; the title, and the line the content starts
  /// on.
  static func readerHeader(_ lines: [ArraySlice<UInt8>]) -> (title: ArraySlice<UInt8>, contentStart: Int)? {
    guard let first = lines.first, first.starts(with: titleField) else { return nil }
    for (position, line) in lines.prefix(12).enumerated().dropFirst() {
      var line = line
      while line.last == 0x0D || line.last == 0x20 { line = line.dropLast() }
      if line.elementsEqual(contentField) {
        var title = first.dropFirst(titleField.count).drop { $0 == 0x20 }
        while title.last == 0x0D || title.last == 0x20 { title = title.dropLast() }
        return (title, position + 1)
      }
    }
    return nil
  }

  static let titleField = Array("Title:".utf8)
  static let contentField = Array("Markdown Content:".utf8)

  /// The first position of `needle` in `bytes`, just past it.
  static func find(_ needle: [UInt8], in bytes: ArraySlice<UInt8>) -> Int? {
    guard bytes.count >= needle.count else { return nil }
    var index = bytes.startIndex
    while index + needle.count <= bytes.endIndex {
      if bytes[index] == needle[0], bytes[index..<(index + needle.count)].elementsEqual(needle) {
        return index + needle.count
      }
      index += 1
    }
    return nil
  }

  /// `---`, `***` or `___`, spaces allowed between, three or more.
  static func isRule(_ line: ArraySlice<UInt8>) -> Bool {
    guard let mark = line.first, mark == 0x2D || mark == 0x2A || mark == 0x5F else { return false }
    var marks = 0
    for byte in line {
      if byte == mark {
        marks += 1
      } else if byte != 0x20 {
        return false
      }
    }
    return marks >= 3
  }

  /// A table's line under its header: `|---|:---:|`.
  static func isTableRule(_ line: ArraySlice<UInt8>) -> Bool {
    line.contains(0x7C) && line.contains(0x2D)
      && line.allSatisfy { $0 == 0x7C || $0 == 0x2D || $0 == 0x3A || $0 == 0x20 }
  }

  /// `===` or `---` alone: the line before is a heading.
  static func isUnderline(_ line: ArraySlice<UInt8>) -> Bool {
    let marks = line.prefix { $0 == 0x3D || $0 == 0x2D }
    guard marks.count >= 2, let mark = marks.first, marks.allSatisfy({ $0 == mark }) else { return false }
    return line.dropFirst(marks.count).allSatisfy { $0 == 0x20 }
  }

  /// `[label]: address`.
  static func isLinkDefinition(_ line: ArraySlice<UInt8>) -> Bool {
    guard line.first == 0x5B, let close = line.firstIndex(of: 0x5D), close > line.startIndex + 1,
      close + 1 < line.endIndex, line[close + 1] == 0x3A
    else { return false }
    return !line[(line.startIndex + 1)..<close].contains(0x5B)
  }

  /// The text of a heading line (`## Titre ##` → `Titre`), or `nil` when the `#`s open no
  /// heading (`#Paris`, seven of them).
  static func headingText(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
    let marks = line.prefix { $0 == 0x23 }
    guard marks.count <= 6 else { return nil }
    let rest = line.dropFirst(marks.count)
    guard rest.first == 0x20 || rest.isEmpty else { return nil }
    var text = rest.drop { $0 == 0x20 }
    while text.last == 0x20 { text = text.dropLast() }
    // A closing run of `#` after a space.
    let closing = text.reversed().prefix { $0 == 0x23 }.count
    if closing > 0, closing < text.count, text[text.endIndex - closing - 1] == 0x20 {
      text = text.dropLast(closing)
      while text.last == 0x20 { text = text.dropLast() }
    }
    return text
  }

  /// A list item's text with a `- ` bullet (`* ` and `+ ` become one), or with its number
  /// (`1. `, `2) `); `nil` for another line.
  static func listItem(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
    guard let first = line.first else { return nil }
    if first == 0x2D || first == 0x2A || first == 0x2B, line.dropFirst().first == 0x20 {
      return ArraySlice([0x2D, 0x20] + line.dropFirst(2).drop { $0 == 0x20 })
    }
    let digits = line.prefix { $0 >= 0x30 && $0 <= 0x39 }
    guard (1...3).contains(digits.count) else { return nil }
    let after = line.dropFirst(digits.count)
    guard let mark = after.first, mark == 0x2E || mark == 0x29, after.dropFirst().first == 0x20 else {
      return nil
    }
    return line
  }

  /// A line's text: links and images, emphasis, code spans and escapes read. Linear in the
  /// line's length whatever it holds (brackets are paired in one pass, and no search for a
  /// closing mark passes another opening one), so that a line of a million `[` or `<` costs
  /// no more than one of words.
  static func inline(_ line: ArraySlice<UInt8>, depth: Int = 0) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(line.count)
    let bytes = Array(line)
    let closers = Closers(bytes)
    var index = 0
    // Whether a `<!--` was found without its `-->`: none after it has one either.
    var unclosedComment = false
    // Code spans: the runs of backticks of each length that were found closed nowhere after.
    var unclosedTicks: Set<Int> = []
    func isWordByte(_ byte: UInt8) -> Bool {
      (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A) || byte >= 0x80
    }
    while index < bytes.count {
      let byte = bytes[index]
      switch byte {
      case 0x5C where index + 1 < bytes.count && isEscapable(bytes[index + 1]):  // `\*`
        out.append(bytes[index + 1])
        index += 2
        continue
      case 0x60:  // a code span: its text
        var ticks = 0
        while index + ticks < bytes.count, bytes[index + ticks] == 0x60 { ticks += 1 }
        if !unclosedTicks.contains(ticks) {
          if let close = closingTicks(ticks, in: bytes, from: index + ticks) {
            out.append(contentsOf: bytes[(index + ticks)..<close])
            index = close + ticks
            continue
          }
          unclosedTicks.insert(ticks)
        }
        out.append(contentsOf: bytes[index..<(index + ticks)])
        index += ticks
        continue
      case 0x21 where index + 1 < bytes.count && bytes[index + 1] == 0x5B:  // `![alt](url)`: gone
        if let link = closers.link(at: index + 1, in: bytes) {
          index = link.end
          // (The space it leaves before the next word is tidied by the normalizer.)
          continue
        }
      case 0x5B:  // `[text](url)`, `[text][label]`: the text
        if let link = closers.link(at: index, in: bytes) {
          // (Marks inside a link's text are read too, a few links deep.)
          out.append(
            contentsOf: depth < 4 ? inline(bytes[link.text], depth: depth + 1) : Array(bytes[link.text]))
          index = link.end
          continue
        }
      case 0x3C:  // `<https://…>`: the address; `<!-- … -->`: gone
        var close = index + 1
        while close < bytes.count, bytes[close] != 0x3E, bytes[close] != 0x3C, bytes[close] != 0x20 {
          close += 1
        }
        if close < bytes.count, bytes[close] == 0x3E, close > index + 1,
          bytes[(index + 1)..<close].starts(with: Array("http".utf8))
            || bytes[(index + 1)..<close].starts(with: Array("mailto:".utf8))
        {
          out.append(contentsOf: bytes[(index + 1)..<close])
          index = close + 1
          continue
        }
        if !unclosedComment, bytes[index...].starts(with: Array("<!--".utf8)) {
          if let end = find([0x2D, 0x2D, 0x3E], in: bytes[(index + 4)...]) {
            index = end
            continue
          }
          unclosedComment = true
        }
      case 0x2A, 0x5F, 0x7E:  // `*`, `_`, `~`: emphasis marks, where they open or close a run
        var run = 0
        while index + run < bytes.count, bytes[index + run] == byte { run += 1 }
        let before = index > 0 ? bytes[index - 1] : 0x20
        let after = index + run < bytes.count ? bytes[index + run] : 0x20
        // `_` inside a word (`snake_case`) and `~` alone are text; a mark between spaces is
        // text (`3 * 4`).
        let opens = after != 0x20 && !(byte == 0x5F && isWordByte(before))
        let closes = before != 0x20 && !(byte == 0x5F && isWordByte(after))
        if (opens || closes) && !(byte == 0x7E && run < 2) && run <= 3 {
          index += run
          continue
        }
        out.append(contentsOf: bytes[index..<(index + run)])
        index += run
        continue
      default:
        break
      }
      out.append(byte)
      index += 1
    }
    return out
  }

  /// The closing `]` of each `[` of a line and the closing `)` of each `(`, nested, found in
  /// one pass (a backslash escapes the next byte).
  struct Closers {
    private var closing: [Int: Int] = [:]

    init(_ bytes: [UInt8]) {
      guard bytes.contains(0x5B) else { return }
      var brackets: [Int] = []
      var parentheses: [Int] = []
      var index = 0
      while index < bytes.count {
        switch bytes[index] {
        case 0x5C: index += 1
        case 0x5B: brackets.append(index)
        case 0x5D: if let open = brackets.popLast() { closing[open] = index }
        case 0x28: parentheses.append(index)
        case 0x29: if let open = parentheses.popLast() { closing[open] = index }
        default: break
        }
        index += 1
      }
    }

    /// The link that opens with the `[` at `open` in `bytes`: its text's range, and where it
    /// ends: `[text](address "title")` (the address may hold parentheses, nested:
    /// `(https://fr.wikipedia.org/wiki/Nantes_(ville))`) or `[text][label]`.
    func link(at open: Int, in bytes: [UInt8]) -> (text: Range<Int>, end: Int)? {
      guard let close = closing[open], close + 1 < bytes.count,
        bytes[close + 1] == 0x28 || bytes[close + 1] == 0x5B,
        let end = closing[close + 1]
      else { return nil }
      return ((open + 1)..<close, end + 1)
    }
  }

  /// The ASCII punctuation a backslash escapes in Markdown.
  static func isEscapable(_ byte: UInt8) -> Bool {
    Array("\\`*_{}[]()#+-.!|<>~".utf8).contains(byte)
  }

  /// Where the run of `ticks` backticks that closes a code span starts, from `start`.
  static func closingTicks(_ ticks: Int, in bytes: [UInt8], from start: Int) -> Int? {
    var index = start
    while index < bytes.count {
      if bytes[index] == 0x60 {
        var run = 0
        while index + run < bytes.count, bytes[index + run] == 0x60 { run += 1 }
        if run == ticks { return index }
        index += run
      } else {
        index += 1
      }
    }
    return nil
  }
}
