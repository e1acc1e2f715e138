import Foundation
import PrecisCore
import Testing

@testable import PrecisRendering

/// Several articles' outputs joined into one, by format.
struct BriefCollectionTests {
  /// The collection of `outputs` (source, output) written whole.
  static func joined(_ kind: BriefCollection.Kind, _ outputs: [(String, String)]) -> String {
    var collection = BriefCollection(kind: kind)
    var text = collection.opening(count: outputs.count)
    for (source, output) in outputs { text += collection.part(source: source, output: output) }
    return text + collection.closing()
  }

  @Test func textNamesEachArticleAsHeadDoes() {
    let text = BriefCollectionTests.joined(.text, [("a.txt", "Brief A\n"), ("b.txt", "Brief B\n")])
    #expect(text == "==> a.txt <==\nBrief A\n\n==> b.txt <==\nBrief B\n")
  }

  @Test func markdownPutsARuleBetweenBriefs() {
    let text = BriefCollectionTests.joined(.markdown, [("a.md", "# A\n"), ("b`c.txt", "# B\n")])
    #expect(text == "Source: `a.md`\n\n# A\n\n---\n\nSource: ``b`c.txt``\n\n# B\n")
  }

  @Test func codeSpansHoldEveryPath() {
    #expect(BriefCollection.codeSpan("plain.txt") == "`plain.txt`")
    #expect(BriefCollection.codeSpan("a``b") == "```a``b```")
    #expect(BriefCollection.codeSpan("`x") == "`` `x ``")
  }

  @Test func jsonIsOneArrayOfTheDocuments() throws {
    let first = try DocumentJSON.encode(Document(source: "a.txt", text: "Un."))
    let second = try DocumentJSON.encode(Document(source: "b <1>.txt", text: "Deux."))
    let text = BriefCollectionTests.joined(.json, [("a.txt", first), ("b <1>.txt", second)])
    let array = try #require(
      try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    #expect(array.map { $0["source"] as? String } == ["a.txt", "b <1>.txt"])
    #expect(text.hasSuffix("\n]\n"))
    // No article read: still an array.
    #expect(BriefCollectionTests.joined(.json, []) == "[]\n")
  }

  @Test func htmlIsOnePageWithAnArticleEach() throws {
    let document = RenderingTests.document
    let page = BriefWriter(document: document, style: .html).write(keyTerms: true)
    let text = BriefCollectionTests.joined(.html, [("a.html", page), ("<b>&.html", page)])
    #expect(text.components(separatedBy: "<!DOCTYPE html>").count == 2)
    #expect(text.components(separatedBy: "<body>").count == 2)
    #expect(text.components(separatedBy: "</html>").count == 2)
    #expect(text.components(separatedBy: "<article>\n").count == 3)
    #expect(text.contains("<title>Briefs of 2 articles</title>"))
    #expect(text.contains("<p class=\"source\">&lt;b&gt;&amp;.html</p>"))
    // Each article holds its brief's body whole.
    let body = BriefCollection.body(ofPage: page)
    #expect(body.hasPrefix("<h1>"))
    #expect(!body.contains("<body>") && !body.contains("</body>"))
    #expect(text.contains("<article>\n<p class=\"source\">a.html</p>\n" + body + "</article>\n"))
    #expect(text.hasSuffix("</article>\n</body>\n</html>\n"))
  }

  @Test func kindFollowsTheRenderFormat() {
    #expect(BriefCollection.Kind(format: "text") == .text)
    #expect(BriefCollection.Kind(format: "markdown") == .markdown)
    #expect(BriefCollection.Kind(format: "html") == .html)
    #expect(BriefCollection.Kind(format: "json") == .json)
    // No render stage: the document's JSON.
    #expect(BriefCollection.Kind(format: nil) == .json)
  }
}
