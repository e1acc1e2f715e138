import Foundation
import PrecisCore
import Testing

@testable import PrecisRendering

/// How the brief shows the chosen sentences of a quotation over several sentences.
struct QuotationRenderingTests {
  /// Three sentences: a quotation over 0 and 1 (`"A. B", dit-il.`), then a sentence that opens
  /// another one (`« C.`), closed by the unchosen sentence 3.
  static func document(chosen: [Int], quotations: [Int: SummaryQuotation]) -> Document {
    let texts = [
      "\"Il était calme.", "Un enfant sage\", dit-il.", "Elle répond : « Je le crois.",
      "Vraiment », dit-elle.",
    ]
    var document = Document(source: "t.txt", text: texts.joined(separator: " "))
    var offset = 0
    document.sentences = texts.enumerated().map { index, text in
      defer { offset += text.unicodeScalars.count + 1 }
      return Sentence(
        index: index, span: Span(start: offset, end: offset + text.unicodeScalars.count), text: text,
        paragraph: 0,
        terminated: true, standalone: false)
    }
    let rows = texts.indices.map { index in
      var row = SentenceScore(
        sentence: index, total: 0.5, components: nil, rank: index + 1, chosen: chosen.contains(index),
        reason: chosen.contains(index) ? "chosen" : "over budget")
      row.quotation = quotations[index]
      return row
    }
    document.summary = SummaryLayer(budget: "3 sentences", scores: rows, chosen: chosen)
    return document
  }

  /// The summary items of `document` as the `format` brief writes them.
  static func items(_ document: Document, format: String) throws -> [String] {
    let document = try RenderingTests.rendered(
      document, ["format": .string(format), "key-terms": .boolean(false)])
    let lines = try #require(document.output?.content).split(separator: "\n").map(String.init)
    let prefix = ["text": "  • ", "markdown": "- ", "html": "<li>"][format] ?? ""
    return lines.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
  }

  @Test("the sentences of one quotation shown together make one item")
  func joined() throws {
    let document = Self.document(
      chosen: [0, 1, 2],
      quotations: [1: SummaryQuotation(followsOn: true), 2: SummaryQuotation(cutAfter: "»")])
    #expect(
      try Self.items(document, format: "text") == [
        "\"Il était calme. Un enfant sage\", dit-il.", "Elle répond : « Je le crois. […] »",
      ])
  }

  @Test("a cut quotation is marked in every format, the marks escaped in HTML")
  func marked() throws {
    let document = Self.document(chosen: [1], quotations: [1: SummaryQuotation(cutBefore: "\"")])
    #expect(try Self.items(document, format: "text") == ["\"[…] Un enfant sage\", dit-il."])
    #expect(try Self.items(document, format: "markdown") == ["\"[…] Un enfant sage\", dit-il."])
    #expect(try Self.items(document, format: "html") == ["&quot;[…] Un enfant sage&quot;, dit-il.</li>"])
  }

  @Test("the marks reach the document's JSON as strings, and come back")
  func json() throws {
    let quotation = SummaryQuotation(cutBefore: "«", cutAfter: "»")
    let document = Self.document(chosen: [2], quotations: [2: quotation])
    let encoded = try DocumentJSON.encode(document)
    #expect(encoded.contains(#""quotation" : {"#) && encoded.contains(#""cutAfter" : "»""#))
    #expect(!encoded.contains("followsOn"))
    let decoded = try DocumentJSON.decode(Data(encoded.utf8), file: "t.json")
    #expect(decoded.summary?.scores[2].quotation == quotation)
  }
}
