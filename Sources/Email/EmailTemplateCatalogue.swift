import Foundation
import Mustache

/// Every email template of every product, loaded and checked once at startup.
///
/// Loading fails, naming the template, locale and part, if any file is missing, does not
/// parse, or uses a variable its ``EmailTemplateID`` does not declare, so a broken template
/// stops the process at startup instead of producing an odd email later.
///
/// ```swift
/// let catalogue = try EmailTemplateCatalogue.load()
/// let email = try catalogue.render(.passwordReset, locale: .fr, variables: [
///     "first_name": "Léa", "reset_url": url, "expires_in_minutes": "30",
/// ])
/// ```
public struct EmailTemplateCatalogue: Sendable {
    struct Key: Hashable, Sendable {
        let id: EmailTemplateID
        let locale: EmailLocale
        let part: EmailTemplatePart
    }

    private let library: MustacheLibrary
    private let templates: [Key: MustacheTemplate]

    private init(library: MustacheLibrary, templates: [Key: MustacheTemplate]) {
        self.library = library
        self.templates = templates
    }

    /// Loads and checks every template.
    ///
    /// - Parameter directory: The templates folder; `nil` uses the copy bundled with this module.
    /// - Returns: A catalogue in which every id renders in every locale.
    /// - Throws: ``EmailTemplateError`` naming the first template, locale and part that is
    ///   missing, does not parse, uses a forbidden tag or an undeclared variable, leaves a
    ///   declared variable out of its text part, or sits in an unknown folder or file.
    public static func load(from directory: URL? = nil) throws -> EmailTemplateCatalogue {
        let root = try directory ?? bundledTemplatesDirectory()
        let loaded = try EmailTemplateLoader(root: root).load()
        return EmailTemplateCatalogue(library: loaded.library, templates: loaded.templates)
    }

    /// Renders the subject, text and HTML of one email.
    ///
    /// The HTML part HTML-escapes every value; the subject and text parts insert values
    /// verbatim, except that newlines in subject values become spaces so a value cannot add
    /// a header.
    /// - Parameters:
    ///   - id: The email to render.
    ///   - locale: The recipient's language.
    ///   - variables: Exactly the id's ``EmailTemplateID/requiredVariables``, already formatted
    ///     for `locale`.
    /// - Throws: ``EmailTemplateError`` with code `missingVariable` or `unknownVariable`,
    ///   naming the variable.
    public func render(_ id: EmailTemplateID, locale: EmailLocale, variables: [String: String]) throws -> RenderedEmail {
        let required = id.requiredVariables
        if let missing = required.subtracting(variables.keys).sorted().first {
            throw EmailTemplateError(.missingVariable, template: id.rawValue, locale: locale, variable: missing)
        }
        // An extra name is almost always a misspelt required one, whose value would be lost.
        if let unknown = Set(variables.keys).subtracting(required).sorted().first {
            throw EmailTemplateError(.unknownVariable, template: id.rawValue, locale: locale, variable: unknown)
        }
        let subjectVariables = variables.mapValues(Self.onOneLine)
        let subject = try template(id, locale, .subject).render(subjectVariables, library: library)
        let text = try template(id, locale, .text).render(variables, library: library)
        let html = try template(id, locale, .html).render(variables, library: library)
        return RenderedEmail(
            subject: Self.onOneLine(subject).trimmingCharacters(in: .whitespaces),
            text: text,
            html: html
        )
    }

    private func template(_ id: EmailTemplateID, _ locale: EmailLocale, _ part: EmailTemplatePart) throws -> MustacheTemplate {
        // Unreachable after a successful load, which stores every id, locale and part.
        guard let template = templates[Key(id: id, locale: locale, part: part)] else {
            throw EmailTemplateError(.missingPart, template: id.rawValue, locale: locale, part: part)
        }
        return template
    }

    private static func onOneLine(_ value: String) -> String {
        String(value.map { $0.isNewline ? " " : $0 })
    }

    /// The templates folder copied into this module's resource bundle.
    static func bundledTemplatesDirectory() throws -> URL {
        guard let url = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw EmailTemplateError(.templateDirectoryNotFound, detail: "bundled folder Templates")
        }
        return url
    }
}
