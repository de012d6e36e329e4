import Academy
import Billing
import Chat
import Email
import Notifications
import Pipeline
import Privacy
import Stats

/// Every command type this build can emit. Checked against topics.yaml at startup so a command
/// can never be published to an undeclared topic or one without a dead-letter topic. Each module
/// that adds commands lists them here.
enum RegisteredCommands {
    static let all: [CommandType] = [
        SendEmail.commandType,
        DispatchNotification.commandType,
        PostChatMessage.commandType,
        ProcessStripeEvent.commandType,
        GenerateQuiz.commandType,
        RefreshRecommendations.commandType,
        RefreshStats.commandType,
        ExportUserData.commandType,
        EraseUser.commandType,
        SweepDeletionRequests.commandType,
    ]
}
