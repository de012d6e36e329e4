/// Why the template catalogue failed to load or an email failed to render.
///
/// The description names the template, locale, part, variable or file involved and never a
/// variable's value, so it is safe to log.
public struct EmailTemplateError: Error, Equatable, CustomStringConvertible, Sendable {
    /// What went wrong.
    public enum Code: String, Sendable {
        /// The templates folder does not exist or is not a folder.
        case templateDirectoryNotFound
        /// A template lacks the file for one locale and part.
        case missingPart
        /// A template file or folder exists but cannot be read, or a file is not UTF-8 text.
        case unreadableFile
        /// A template file is not valid mustache.
        case invalidSyntax
        /// A template uses a tag that would defeat escaping or the load-time checks.
        case forbiddenTag
        /// A template includes a partial that does not exist.
        case missingPartial
        /// A partial includes itself, directly or through others.
        case recursivePartial
        /// A template uses a variable its id does not declare.
        case undeclaredVariable
        /// The text part of a locale never uses a declared variable.
        case unusedVariable
        /// A subject template spans more than one line.
        case multilineSubject
        /// The templates folder holds a folder that is no template id nor a partials folder.
        case unknownTemplateFolder
        /// A template folder holds a file that is no locale and part.
        case unknownTemplateFile
        /// A render call omitted a required variable.
        case missingVariable
        /// A render call supplied a variable the template does not declare.
        case unknownVariable
    }

    /// What went wrong.
    public let code: Code
    /// The template id, partial name or folder involved.
    public let template: String?
    /// The locale involved.
    public let locale: EmailLocale?
    /// The part involved.
    public let part: EmailTemplatePart?
    /// The name (never the value) of the variable involved.
    public let variable: String?
    /// Where in the file, the file or tag involved, or the parser's reason.
    public let detail: String?

    /// Always `false`: templates ship with the code, so a retry meets the same files and
    /// the same variables.
    public var isRetryable: Bool { false }

    init(
        _ code: Code,
        template: String? = nil,
        locale: EmailLocale? = nil,
        part: EmailTemplatePart? = nil,
        variable: String? = nil,
        detail: String? = nil
    ) {
        self.code = code
        self.template = template
        self.locale = locale
        self.part = part
        self.variable = variable
        self.detail = detail
    }

    public var description: String {
        var facts: [String] = []
        if let template { facts.append("template \(template)") }
        if let locale { facts.append("locale \(locale.rawValue)") }
        if let part { facts.append("part \(part.rawValue)") }
        if let variable { facts.append("variable \(variable)") }
        if let detail { facts.append(detail) }
        let context = facts.isEmpty ? "" : ": " + facts.joined(separator: ", ")
        return "email template error \(code.rawValue)\(context)"
    }
}
