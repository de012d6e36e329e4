/// Every email the products send, named after the folder holding its template files.
///
/// Each case declares the variables its templates use. Values are strings the sender has
/// already formatted for the recipient's locale (dates, amounts, durations), so templates
/// contain no formatting logic.
public enum EmailTemplateID: String, CaseIterable, Codable, Sendable {
    /// Asks a new user to confirm their email address.
    case emailVerification = "email_verification"
    /// Carries a single-use link to choose a new password.
    case passwordReset = "password_reset"
    /// Tells the user their password changed, in case it was not them.
    case passwordChanged = "password_changed"
    /// Tells the user two-factor authentication was turned on.
    case twoFactorEnabled = "two_factor_enabled"
    /// Tells the user two-factor authentication was turned off.
    case twoFactorDisabled = "two_factor_disabled"
    /// Invites an employee to join their organisation's space.
    case employeeInvitation = "employee_invitation"
    /// Acknowledges a booking request awaiting the provider's confirmation.
    case bookingCreated = "booking_created"
    /// Tells the customer the provider confirmed their booking.
    case bookingConfirmed = "booking_confirmed"
    /// Tells the customer a booking was cancelled.
    case bookingCancelled = "booking_cancelled"
    /// Confirms a consultation with a practitioner.
    case consultationConfirmed = "consultation_confirmed"
    /// Tells the user a consultation was cancelled and how to rebook.
    case consultationCancelled = "consultation_cancelled"
    /// Reminds the user of an upcoming consultation.
    case consultationReminder = "consultation_reminder"
    /// Receipt for a successful payment.
    case paymentReceipt = "payment_receipt"
    /// Asks the user to update a payment method after a failed charge.
    case paymentFailed = "payment_failed"
    /// Acknowledges a GDPR (RGPD) erasure request during its grace period.
    case deletionRequested = "deletion_requested"
    /// Confirms the account and personal data were erased.
    case deletionCompleted = "deletion_completed"
    /// Carries the link to a personal-data export.
    case dataExportReady = "data_export_ready"

    /// The exact set of variables a render call must supply.
    ///
    /// The catalogue refuses to load if a template uses a variable outside this set or if the
    /// text part of a locale leaves one out, and refuses to render if the caller supplies a
    /// different set.
    public var requiredVariables: Set<String> {
        switch self {
        case .emailVerification:
            ["first_name", "verification_url", "expires_in_hours"]
        case .passwordReset:
            ["first_name", "reset_url", "expires_in_minutes"]
        case .passwordChanged:
            ["first_name", "changed_at", "support_url"]
        case .twoFactorEnabled:
            ["first_name", "enabled_at", "support_url"]
        case .twoFactorDisabled:
            ["first_name", "disabled_at", "support_url"]
        case .employeeInvitation:
            // The invitee has no account yet, so there is no first name to greet.
            ["inviter_name", "organization_name", "invitation_url", "expires_at"]
        case .bookingCreated, .bookingConfirmed:
            ["first_name", "service_name", "provider_name", "starts_at", "booking_reference", "booking_url"]
        case .bookingCancelled:
            ["first_name", "service_name", "provider_name", "starts_at", "booking_reference"]
        case .consultationConfirmed, .consultationReminder:
            // No reason or topic for the consultation: mailboxes are not a safe place for health data.
            ["first_name", "practitioner_name", "starts_at", "join_url"]
        case .consultationCancelled:
            ["first_name", "practitioner_name", "starts_at", "rebook_url"]
        case .paymentReceipt:
            ["first_name", "amount", "description", "receipt_number", "paid_at"]
        case .paymentFailed:
            ["first_name", "amount", "description", "update_payment_url"]
        case .deletionRequested:
            ["first_name", "deletion_date", "cancel_url"]
        case .deletionCompleted:
            ["first_name", "completed_at"]
        case .dataExportReady:
            ["first_name", "download_url", "expires_at"]
        }
    }

    /// The category the email is sent under unless the sender decides otherwise.
    public var defaultCategory: EmailCategory {
        switch self {
        case .emailVerification, .passwordReset, .passwordChanged, .twoFactorEnabled, .twoFactorDisabled:
            .security
        case .employeeInvitation, .bookingCreated, .bookingConfirmed, .bookingCancelled,
            .consultationConfirmed, .consultationCancelled, .consultationReminder,
            .paymentReceipt, .paymentFailed, .deletionRequested, .deletionCompleted, .dataExportReady:
            .transactional
        }
    }
}
