import Learning
import Testing

@Suite("PlainText")
struct PlainTextTests {
    @Test func blockElementsBecomeParagraphAndLineBreaks() {
        let html = "<h1>Titre</h1><p>Un.</p><p>Deux<br>Trois</p><ul><li>a</li><li>b</li></ul>"
        #expect(PlainText.fromHTML(html) == "Titre\n\nUn.\n\nDeux\nTrois\n\na\nb")
    }

    @Test func inlineTagsAndSourceLineBreaksDoNotSplitOrGlueWords() {
        #expect(PlainText.fromHTML("<p>Le <strong>tableau</strong>\n   croisé <a href=\"x>y\">dynamique</a></p>") == "Le tableau croisé dynamique")
        #expect(PlainText.fromHTML("<table><tr><td>A</td><td>B</td></tr></table>") == "A B")
    }

    @Test func scriptStyleTitleAndCommentsAreDroppedWithTheirContent() {
        let html = "<title>Meta</title><style>p { color: red }</style><p>Visible</p><script>if (a < b) { x = \"</p>\" }</script><!-- note --><p>Aussi</p>"
        #expect(PlainText.fromHTML(html) == "Visible\n\nAussi")
    }

    @Test func namedAndNumericEntitiesAreDecoded() {
        let html = "<p>&Eacute;l&egrave;ve &eacute; &#233; &#xE9; &#XE9; &amp; &lt;b&gt; &quot;x&quot; l&#39;a&nbsp;b &oelig;uvre &laquo;&nbsp;ok&nbsp;&raquo;</p>"
        #expect(PlainText.fromHTML(html) == "Élève é é é é & <b> \"x\" l'a b œuvre « ok »")
    }

    @Test func malformedReferencesAndBareAngleBracketsStayLiteral() {
        #expect(PlainText.fromHTML("<p>si a < b &foo; & co &#xZZ; &amp</p>") == "si a < b &foo; & co &#xZZ; &amp")
    }

    @Test func theHTMLFixtureKeepsOnlyLessonText() throws {
        let text = PlainText.fromHTML(try Fixtures.raw(Fixtures.excelLookupHTML))
        for leaked in ["<", "&eacute;", "&#", "dataLayer", "suivi", "Brouillon", "astuce {", "Ne pas afficher", "Les fonctions de recherche\n"] {
            #expect(!text.contains(leaked), "leaked: \(leaked)")
        }
        #expect(text.hasPrefix("Les fonctions de recherche dans Excel\n\nRetrouver une information"))
        #expect(text.contains("l'une des tâches les plus fréquentes dans Excel : le prix d’un article"))
        #expect(text.contains("par exemple « Inconnu »."))
        #expect(text.contains("le mode de correspondance, qui accepte"))
        #expect(text.contains("quand on ajoute des lignes.\nVos recherches restent ainsi justes"))
        #expect(!text.contains("\n\n\n"))
    }
}
