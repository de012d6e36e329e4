import Academy
import Foundation
import Pipeline
import PostgresClient

/// Handles `RefreshRecommendations`: for a new enrolment, first adds it to the co-enrolment
/// counts (once, through the inbox), then recomputes and replaces the learner's list (a
/// replacement, so running it again is harmless).
public struct RefreshRecommendationsHandler: CommandHandler {
    let postgres: PostgresClient
    let refresher: RecommendationRefresher

    public init(postgres: PostgresClient, refresher: RecommendationRefresher) {
        self.postgres = postgres
        self.refresher = refresher
    }

    public func handle(_ command: RefreshRecommendations, context: HandlerContext) async throws {
        if command.cause == .enrolled, let courseID = command.courseID {
            try await Inbox.once(group: context.consumerGroup, commandID: context.commandID, postgres: postgres) { connection in
                try await LearningDataStore.addEnrollmentPairs(userID: command.userID, courseID: courseID, on: connection)
            }
        }
        if try await refresher.refresh(userID: command.userID) == nil {
            context.logger.info("learner no longer exists; recommendations not refreshed")
        }
    }
}
