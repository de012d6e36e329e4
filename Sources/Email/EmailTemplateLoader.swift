import Foundation
import Mustache

/// Reads the templates folder and refuses anything the catalogue could not render safely.
///
/// Layout of the folder:
/// - `<template_id>/<locale>.<part>.mustache` for every id, locale and part, nothing else;
/// - `_partials/<name>.mustache`, included from HTML parts only as `{{> name}}` or, for a
///   layout, `{{< name}}…{{/ name}}`.
struct EmailTemplateLoader {
    let root: URL

    struct LoadedTemplates {
        let library: MustacheLibrary
        let templates: [EmailTemplateCatalogue.Key: MustacheTemplate]
    }

    /// A parsed file together with the tags the checks look at.
    private struct Source {
        let template: MustacheTemplate
        let tags: [MustacheTag]
    }

    /// Where a file sits, for errors.
    private struct Origin {
        let template: String
        var locale: EmailLocale?
        var part: EmailTemplatePart?

        func error(_ code: EmailTemplateError.Code, variable: String? = nil, detail: String? = nil) -> EmailTemplateError {
            EmailTemplateError(code, template: template, locale: locale, part: part, variable: variable, detail: detail)
        }
    }

    // Set as the first line of subject and text sources so that no template file can forget
    // it; swift-mustache escapes for HTML unless a template says otherwise.
    private static let textContentTypePragma = "{{% CONTENT_TYPE: TEXT }}\n"
    private static let fileExtension = ".mustache"
    // Partials are named by file name alone: swift-mustache accepts `/` in `{{< a/b}}` but
    // not in the matching `{{/ a/b}}`, so a folder in the name would break layouts.
    private static let partialsFolder = "_partials"

    func load() throws -> LoadedTemplates {
        guard isDirectory(root) else {
            throw EmailTemplateError(.templateDirectoryNotFound, detail: "folder \(root.lastPathComponent)")
        }
        var hasPartials = false
        for name in try visibleEntries(of: root) {
            let isFolder = isDirectory(root.appending(path: name))
            if isFolder, name == Self.partialsFolder {
                hasPartials = true
            } else if !isFolder || EmailTemplateID(rawValue: name) == nil {
                throw EmailTemplateError(.unknownTemplateFolder, template: name)
            }
        }

        let partials = hasPartials ? try loadPartials() : [:]
        var library = MustacheLibrary()
        for (name, partial) in partials {
            library.register(partial.template, named: name)
        }

        var templates: [EmailTemplateCatalogue.Key: MustacheTemplate] = [:]
        for id in EmailTemplateID.allCases {
            try checkFolderHoldsOnlyParts(of: id)
            for locale in EmailLocale.allCases {
                for part in EmailTemplatePart.allCases {
                    let origin = Origin(template: id.rawValue, locale: locale, part: part)
                    let source = try loadPart(part, of: id, locale: locale, origin: origin)
                    try check(source, of: id, partials: partials, origin: origin)
                    templates[.init(id: id, locale: locale, part: part)] = source.template
                }
            }
        }
        return LoadedTemplates(library: library, templates: templates)
    }

    // MARK: Files

    private func loadPartials() throws -> [String: Source] {
        var partials: [String: Source] = [:]
        let folderURL = root.appending(path: Self.partialsFolder)
        for file in try visibleEntries(of: folderURL) {
            let fileURL = folderURL.appending(path: file)
            guard file.hasSuffix(Self.fileExtension), !isDirectory(fileURL) else {
                throw EmailTemplateError(.unknownTemplateFile, template: Self.partialsFolder, detail: "file \(file)")
            }
            let name = String(file.dropLast(Self.fileExtension.count))
            let origin = Origin(template: "\(Self.partialsFolder)/\(name)")
            let text = try readText(at: fileURL, origin: origin)
            let source = try parse(text, prefix: "", origin: origin)
            // Partials are only reachable from HTML parts, and swift-mustache renders them
            // with HTML escaping whatever the including part uses.
            try checkTags(source.tags, allowed: .html, origin: origin)
            partials[name] = source
        }
        // Walked once per partial so that a broken one fails the load even if no template uses it yet.
        for (name, partial) in partials.sorted(by: { $0.key < $1.key }) {
            let origin = Origin(template: "\(Self.partialsFolder)/\(name)")
            _ = try variables(readBy: partial.tags, partials: partials, includedFrom: [name], origin: origin)
        }
        return partials
    }

    private func checkFolderHoldsOnlyParts(of id: EmailTemplateID) throws {
        let folderURL = root.appending(path: id.rawValue)
        guard isDirectory(folderURL) else {
            throw EmailTemplateError(.missingPart, template: id.rawValue, detail: "folder missing")
        }
        let expected = Set(EmailLocale.allCases.flatMap { locale in
            EmailTemplatePart.allCases.map { $0.fileName(for: locale) }
        })
        if let unexpected = try visibleEntries(of: folderURL).first(where: { !expected.contains($0) }) {
            throw EmailTemplateError(.unknownTemplateFile, template: id.rawValue, detail: "file \(unexpected)")
        }
    }

    private func loadPart(
        _ part: EmailTemplatePart,
        of id: EmailTemplateID,
        locale: EmailLocale,
        origin: Origin
    ) throws -> Source {
        let fileURL = root.appending(path: id.rawValue).appending(path: part.fileName(for: locale))
        guard FileManager.default.fileExists(atPath: fileURL.path(percentEncoded: false)) else {
            throw origin.error(.missingPart)
        }
        let text = try readText(at: fileURL, origin: origin)
        // A second line would become a header continuation or an injected header.
        if part == .subject, text.trimmingCharacters(in: .whitespacesAndNewlines).contains(where: \.isNewline) {
            throw origin.error(.multilineSubject)
        }
        return try parse(text, prefix: part == .html ? "" : Self.textContentTypePragma, origin: origin)
    }

    private func readText(at url: URL, origin: Origin) throws -> String {
        guard let data = FileManager.default.contents(atPath: url.path(percentEncoded: false)),
            let text = String(data: data, encoding: .utf8)
        else {
            throw origin.error(.unreadableFile)
        }
        return text
    }

    private func parse(_ text: String, prefix: String, origin: Origin) throws -> Source {
        let template: MustacheTemplate
        do {
            template = try MustacheTemplate(string: prefix + text)
        } catch let error as MustacheTemplate.ParserError {
            // Report the line as it is in the file, not in the prefixed source.
            let prefixLines = prefix.count(where: \.isNewline)
            let line = error.context.lineNumber - prefixLines
            throw origin.error(.invalidSyntax, detail: "line \(line), column \(error.context.columnNumber): \(error.error)")
        } catch {
            throw origin.error(.invalidSyntax)
        }
        return Source(template: template, tags: MustacheTag.scan(text))
    }

    private func visibleEntries(of folder: URL) throws -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path(percentEncoded: false))
        } catch {
            throw EmailTemplateError(.unreadableFile, detail: "folder \(folder.lastPathComponent)")
        }
        // Hidden files are editor and OS droppings (.DS_Store, swap files), never templates.
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }

    private func isDirectory(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: url.path(percentEncoded: false), isDirectory: &isDirectory)
        return exists && isDirectory.boolValue
    }

    // MARK: Checks

    private enum AllowedTags {
        /// Subject and text parts.
        case text
        /// HTML parts and partials.
        case html
    }

    private func checkTags(_ tags: [MustacheTag], allowed: AllowedTags, origin: Origin) throws {
        for tag in tags {
            let reason: String? =
                switch (tag.kind, allowed) {
                case (.pragma, _):
                    "the catalogue chooses the content type of each part"
                case (.setDelimiter, _):
                    "changed delimiters would hide tags from the load-time checks"
                case (.unescapedVariable, .html):
                    "variables must be HTML-escaped in HTML"
                case (.partial, .text), (.parentPartial, .text):
                    "swift-mustache renders partials with HTML escaping"
                case (.partial, .html), (.parentPartial, .html):
                    tag.name.hasPrefix("*") ? "dynamic partials cannot be checked at load" : nil
                default:
                    nil
                }
            if let reason {
                throw origin.error(.forbiddenTag, detail: "line \(tag.line), \(tag.source): \(reason)")
            }
        }
    }

    private func check(_ source: Source, of id: EmailTemplateID, partials: [String: Source], origin: Origin) throws {
        try checkTags(source.tags, allowed: origin.part == .html ? .html : .text, origin: origin)
        let used = try variables(readBy: source.tags, partials: partials, includedFrom: [], origin: origin)
        if let undeclared = used.subtracting(id.requiredVariables).sorted().first {
            throw origin.error(.undeclaredVariable, variable: undeclared)
        }
        // Only the text part must use every variable: the subject and the HTML may leave
        // details out, but the text is the complete fallback every client can show.
        if origin.part == .text, let unused = id.requiredVariables.subtracting(used).sorted().first {
            throw origin.error(.unusedVariable, variable: unused)
        }
    }

    /// The variables read by `tags` and, transitively, by the partials they include.
    private func variables(
        readBy tags: [MustacheTag],
        partials: [String: Source],
        includedFrom chain: [String],
        origin: Origin
    ) throws -> Set<String> {
        var names = Set<String>()
        for tag in tags {
            if tag.readsVariable {
                names.insert(tag.name)
            } else if tag.kind == .partial || tag.kind == .parentPartial {
                guard !chain.contains(tag.name) else {
                    // swift-mustache would recurse until the stack overflows.
                    throw origin.error(.recursivePartial, detail: "partial \(tag.name)")
                }
                guard let partial = partials[tag.name] else {
                    throw origin.error(.missingPartial, detail: "line \(tag.line), partial \(tag.name)")
                }
                names.formUnion(try variables(readBy: partial.tags, partials: partials, includedFrom: chain + [tag.name], origin: origin))
            }
        }
        return names
    }
}
