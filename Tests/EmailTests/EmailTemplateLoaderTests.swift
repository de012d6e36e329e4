import Foundation
import Testing

@testable import Email

/// Each test breaks a private copy of the bundled templates in one way and checks that
/// loading fails with an error pointing at the broken file.
@Suite("Email template load-time checks")
struct EmailTemplateLoaderTests {
    /// Copies the bundled templates, applies `breakCopy`, and returns the load error, if any.
    private func loadError(afterBreaking breakCopy: (URL) throws -> Void) throws -> EmailTemplateError? {
        let copy = FileManager.default.temporaryDirectory
            .appending(path: "relais-email-templates-\(UUID().uuidString)", directoryHint: .isDirectory)
        try FileManager.default.copyItem(at: try EmailTemplateCatalogue.bundledTemplatesDirectory(), to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        try breakCopy(copy)
        do {
            _ = try EmailTemplateCatalogue.load(from: copy)
            return nil
        } catch let error as EmailTemplateError {
            return error
        }
    }

    /// Replaces `target` in one template file, failing the test if it is not there.
    private func edit(_ root: URL, _ path: String, replacing target: String, with replacement: String) throws {
        let url = root.appending(path: path)
        let original = try String(contentsOf: url, encoding: .utf8)
        try #require(original.contains(target), "\(path) does not contain \(target)")
        try original.replacingOccurrences(of: target, with: replacement).write(to: url, atomically: true, encoding: .utf8)
    }

    @Test("an untouched copy of the templates loads")
    func untouchedCopyLoads() throws {
        #expect(try loadError(afterBreaking: { _ in }) == nil)
    }

    @Test("a missing part fails the load naming template, locale and part")
    func missingPartFailsLoad() throws {
        let error = try #require(try loadError { root in
            try FileManager.default.removeItem(at: root.appending(path: "booking_confirmed/en.html.mustache"))
        })
        #expect(error.code == .missingPart)
        #expect(error.template == "booking_confirmed")
        #expect(error.locale == .en)
        #expect(error.part == .html)
        #expect(error.description.contains("booking_confirmed") && error.description.contains("html"))
    }

    @Test("a template using an undeclared variable fails the load naming it")
    func undeclaredVariableFailsLoad() throws {
        let error = try #require(try loadError { root in
            try edit(root, "password_reset/fr.html.mustache", replacing: "{{reset_url}}", with: "{{reset_link}}")
        })
        #expect(error.code == .undeclaredVariable)
        #expect(error.template == "password_reset")
        #expect(error.locale == .fr)
        #expect(error.part == .html)
        #expect(error.variable == "reset_link")
    }

    @Test("a declared variable left out of a text part fails the load naming it")
    func unusedVariableFailsLoad() throws {
        let error = try #require(try loadError { root in
            try edit(root, "data_export_ready/en.text.mustache", replacing: "{{expires_at}}", with: "one week")
        })
        #expect(error.code == .unusedVariable)
        #expect(error.template == "data_export_ready")
        #expect(error.locale == .en)
        #expect(error.part == .text)
        #expect(error.variable == "expires_at")
    }

    @Test("a folder that is no template id fails the load naming it")
    func unknownFolderFailsLoad() throws {
        let error = try #require(try loadError { root in
            try FileManager.default.createDirectory(at: root.appending(path: "pasword_reset"), withIntermediateDirectories: false)
        })
        #expect(error.code == .unknownTemplateFolder)
        #expect(error.template == "pasword_reset")
    }

    @Test("a stray file in a template folder fails the load naming it")
    func strayFileFailsLoad() throws {
        let error = try #require(try loadError { root in
            try Data("Bonjour".utf8).write(to: root.appending(path: "payment_failed/de.text.mustache"))
        })
        #expect(error.code == .unknownTemplateFile)
        #expect(error.template == "payment_failed")
        #expect(error.detail?.contains("de.text.mustache") == true)
    }

    @Test("unescaped variables in HTML fail the load", arguments: ["{{{first_name}}}", "{{& first_name}}"])
    func unescapedVariableInHTMLFailsLoad(tag: String) throws {
        let error = try #require(try loadError { root in
            try edit(root, "payment_receipt/fr.html.mustache", replacing: "{{first_name}}", with: tag)
        })
        #expect(error.code == .forbiddenTag)
        #expect(error.template == "payment_receipt")
        #expect(error.locale == .fr)
        #expect(error.part == .html)
    }

    @Test("a content-type pragma in a template fails the load")
    func pragmaFailsLoad() throws {
        let error = try #require(try loadError { root in
            try edit(root, "payment_receipt/en.html.mustache", replacing: "{{$body}}\n", with: "{{$body}}\n{{% CONTENT_TYPE: TEXT }}\n")
        })
        #expect(error.code == .forbiddenTag)
        #expect(error.part == .html)
    }

    @Test("a partial in a text part fails the load because it would render as HTML")
    func partialInTextFailsLoad() throws {
        let error = try #require(try loadError { root in
            try edit(root, "deletion_completed/fr.text.mustache", replacing: "L'équipe Relais", with: "{{> layout_fr}}")
        })
        #expect(error.code == .forbiddenTag)
        #expect(error.part == .text)
    }

    @Test("an HTML part including a missing partial fails the load naming it")
    func missingPartialFailsLoad() throws {
        let error = try #require(try loadError { root in
            try edit(root, "deletion_completed/en.html.mustache", replacing: "layout_en", with: "layout_em")
        })
        #expect(error.code == .missingPartial)
        #expect(error.template == "deletion_completed")
        #expect(error.locale == .en)
        #expect(error.part == .html)
        #expect(error.detail?.contains("layout_em") == true)
    }

    @Test("a partial including itself fails the load instead of overflowing the stack at render")
    func recursivePartialFailsLoad() throws {
        let error = try #require(try loadError { root in
            try Data("<p>{{> loop}}</p>\n".utf8).write(to: root.appending(path: "_partials/loop.mustache"))
        })
        #expect(error.code == .recursivePartial)
        #expect(error.template == "_partials/loop")
    }

    @Test("invalid mustache fails the load with the line in the file")
    func invalidSyntaxFailsLoadWithLine() throws {
        let error = try #require(try loadError { root in
            try edit(root, "consultation_reminder/fr.text.mustache", replacing: "{{practitioner_name}}", with: "{{#practitioner_name}}")
        })
        #expect(error.code == .invalidSyntax)
        #expect(error.template == "consultation_reminder")
        #expect(error.locale == .fr)
        #expect(error.part == .text)
        #expect(error.detail?.contains("line") == true)
    }

    @Test("a subject spanning two lines fails the load")
    func multilineSubjectFailsLoad() throws {
        let error = try #require(try loadError { root in
            try edit(root, "payment_failed/en.subject.mustache", replacing: "did not", with: "did\nnot")
        })
        #expect(error.code == .multilineSubject)
        #expect(error.template == "payment_failed")
        #expect(error.locale == .en)
        #expect(error.part == .subject)
    }

    @Test("a missing templates folder fails the load")
    func missingFolderFailsLoad() {
        let nowhere = FileManager.default.temporaryDirectory.appending(path: "relais-no-templates-\(UUID().uuidString)")
        let error = #expect(throws: EmailTemplateError.self) { try EmailTemplateCatalogue.load(from: nowhere) }
        #expect(error?.code == .templateDirectoryNotFound)
    }
}
