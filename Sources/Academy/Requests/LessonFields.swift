import Foundation
import Ingress

/// The fields of a lesson (`POST` creates, `PATCH` changes). A `video` lesson needs a video URL,
/// a `text` lesson needs content; `order` starts at 1.
struct LessonFields: Decodable {
    struct VideoInput: Decodable {
        var url: String?
        var durationSeconds: Int?
        var transcript: String?
        var thumbnailURL: String?
    }

    var title: String?
    var description: String?
    var type: String?
    var order: Int?
    var video: VideoInput?
    var content: String?

    /// Lesson content is capped so a quiz or chat never reads megabytes (about 100,000 words).
    static let maximumContentLength = 600_000

    func validated(creating: Bool, current: Lesson? = nil) throws -> LessonChanges {
        var issues = FieldIssues()
        if creating {
            issues.require(title != nil, "title", "is required")
            issues.require(type != nil, "type", "is required")
            issues.require(order != nil, "order", "is required")
        }
        var changes = LessonChanges()
        changes.title = issues.text(title, "title", 1...200)
        changes.description = issues.text(description, "description", 0...5_000)
        changes.type = issues.choice(type, "type", as: LessonType.self)
        if let order {
            issues.require((1...10_000).contains(order), "order", "must be an integer from 1 to 10000")
            changes.order = order
        }
        if let video {
            changes.videoURL = issues.url(video.url, "video.url")
            // A PATCH may change only the transcript or duration of a video already there.
            issues.require(video.url != nil || current?.video != nil, "video.url", "is required")
            if let seconds = video.durationSeconds {
                issues.require((0...86_400).contains(seconds), "video.duration_seconds", "must be from 0 to 86400")
            }
            changes.videoDurationSeconds = video.durationSeconds
            changes.videoTranscript = issues.text(video.transcript, "video.transcript", 0...Self.maximumContentLength)
            changes.videoThumbnailURL = issues.url(video.thumbnailURL, "video.thumbnail_url")
        }
        if let content {
            issues.require(content.utf8.count <= Self.maximumContentLength, "content", "must be at most \(Self.maximumContentLength) bytes")
            changes.content = content
        }
        // A lesson must carry what its type needs, from this request or (for a PATCH) already.
        if creating || changes.type != nil {
            let type = changes.type ?? current?.type
            if type == .video {
                issues.require(changes.videoURL != nil || current?.video != nil, "video.url", "is required for a video lesson")
            }
            if type == .text { issues.require(content != nil || current?.content != nil, "content", "is required for a text lesson") }
        }
        try issues.throwIfAny()
        return changes
    }
}

/// Checked lesson fields; nil = unchanged.
struct LessonChanges: Sendable {
    var title: String?
    var description: String?
    var type: LessonType?
    var order: Int?
    var videoURL: String?
    var videoDurationSeconds: Int?
    var videoTranscript: String?
    var videoThumbnailURL: String?
    var content: String?
}
