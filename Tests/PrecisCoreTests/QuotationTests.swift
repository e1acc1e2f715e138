import PrecisCore
import Testing

/// Which sentences a quotation over several sentences joins, read from their marks.
@Suite("quotations over several sentences")
struct QuotationTests {
  /// Sentences made from `paragraphs` (each a list of sentence texts), numbered in order.
  static func sentences(_ paragraphs: [[String]]) -> [Sentence] {
    var sentences: [Sentence] = []
    var offset = 0
    for (paragraph, texts) in paragraphs.enumerated() {
      for text in texts {
        let length = text.unicodeScalars.count
        sentences.append(
          Sentence(
            index: sentences.count, span: Span(start: offset, end: offset + length), text: text,
            paragraph: paragraph, terminated: true, standalone: false))
        offset += length + 1
      }
    }
    return sentences
  }

  /// For each sentence, the range of the quotation it is part of (`nil` when none).
  static func ranges(_ paragraphs: [[String]]) -> [ClosedRange<Int>?] {
    let sentences = sentences(paragraphs)
    let context = QuotationContext(sentences)
    return sentences.indices.map { context.sentences(around: $0) }
  }

  @Test("a straight quotation over two sentences joins them, with its mark")
  func straightQuotes() {
    let sentences = Self.sentences([
      [
        "\"Aman était calme, réservé, respectueux.",
        "L'enfant sage parmi tous ses copains\", raconte sa voisine.", "Elle le connaît depuis dix ans.",
      ]
    ])
    let context = QuotationContext(sentences)
    let quotation = Quotation(mark: "\"", first: 0, last: 1)
    #expect(context.openAtEnd(0) == quotation)
    #expect(context.openAtStart(1) == quotation)
    #expect(context.openAtStart(0) == nil && context.openAtEnd(1) == nil)
    #expect(context.sentences(around: 0) == 0...1 && context.sentences(around: 1) == 0...1)
    #expect(context.sentences(around: 2) == nil)
  }

  @Test("guillemets, curly quotes and nested quotations")
  func otherMarks() {
    #expect(
      Self.ranges([
        [
          "Il a déclaré\u{A0}: «\u{A0}Nous partirons.", "Rien ne nous retiendra.",
          "Pas même la pluie\u{A0}», a-t-il dit.",
        ]
      ]) == [0...2, 0...2, 0...2])
    #expect(Self.ranges([["“We will leave.", "Nothing will stop us”, he said."]]) == [0...1, 0...1])
    let nested = Self.sentences([["« Il m'a dit “Viens.", "Maintenant” et je suis venu. »", "Fin."]])
    #expect(QuotationContext(nested).openAtEnd(0)?.mark == "«")
    #expect(QuotationContext(nested).sentences(around: 1) == 0...1)
  }

  @Test("a quotation closed in its own sentence, or never closed in its paragraph, joins nothing")
  func nothingJoined() {
    #expect(
      Self.ranges([["Il a parlé d'un « moment historique ».", "\"C'est fini\", dit-elle.", "Rien."]])
        == [nil, nil, nil])
    // Left open at the end of its paragraph (a quotation over paragraphs, or a stray mark).
    #expect(
      Self.ranges([["« Nous partirons.", "Demain."], ["Il pleuvait.", "Personne ne bougea »."]])
        == [nil, nil, nil, nil])
  }

  @Test("a stray straight quote neither closes nor joins the quotation after it")
  func strayQuotes() {
    // `6"` closes nothing; ` " ` opens, and the quote that opens after it starts anew.
    #expect(
      Self.ranges([
        [
          "L'écran mesure 6\" de large.", "Le mot \" seul.", "Il a dit : \"Bonjour.",
          "Au revoir\", a-t-il ajouté.",
        ]
      ]) == [nil, nil, 2...3, 2...3])
  }

  @Test("a sentence that closes one quotation and opens another belongs to both")
  func twoQuotations() {
    let sentences = Self.sentences([["\"Partez.", "Vite\", dit-il, puis : \"Courez.", "Encore.\""]])
    let context = QuotationContext(sentences)
    #expect(context.openAtStart(1)?.first == 0 && context.openAtEnd(1)?.last == 2)
    #expect(context.sentences(around: 1) == 0...2)
  }

  @Test("letters whose UTF-8 ends like a guillemet or a curly quote are not marks")
  func lookalikeBytes() {
    // ë C3 AB and « C2 AB, û C3 BB and » C2 BB, Ü C3 9C and “ E2 80 9C, Ý C3 9D and ” E2 80 9D.
    #expect(Self.ranges([["Noël est sûr.", "Über Ýves."]]) == [nil, nil])
  }

  @Test("a mark is found wherever it falls among eight bytes", arguments: 0..<20)
  func everyOffset(padding: Int) {
    let before = String(repeating: "é", count: padding / 2) + String(repeating: "x", count: padding % 2)
    for (open, close) in [("«", "»"), ("“", "”"), ("\"", "\"")] {
      #expect(
        Self.ranges([[before + " " + open + "Un.", before + " deux" + close + " fin."]]) == [0...1, 0...1],
        "\(open) after \(padding) bytes")
    }
  }
}
