// Accounts, invitations, contacts, the audit trail and log-in throttling (allianz/accounts, allianz/audit).
CREATE CONSTRAINT invitation_id IF NOT EXISTS FOR (n:Invitation) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT invitation_token IF NOT EXISTS FOR (n:Invitation) REQUIRE n.token_hash IS UNIQUE;
CREATE CONSTRAINT password_reset_token IF NOT EXISTS FOR (n:PasswordReset) REQUIRE n.token_hash IS UNIQUE;
CREATE CONSTRAINT contact_id IF NOT EXISTS FOR (n:Contact) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT audit_event_id IF NOT EXISTS FOR (n:AuditEvent) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT login_throttle_key IF NOT EXISTS FOR (n:LoginThrottle) REQUIRE n.key IS UNIQUE;
CREATE INDEX audit_event_target IF NOT EXISTS FOR (n:AuditEvent) ON (n.target_label, n.target_id);
CREATE INDEX audit_event_actor IF NOT EXISTS FOR (n:AuditEvent) ON (n.actor_id);
CREATE INDEX audit_event_at IF NOT EXISTS FOR (n:AuditEvent) ON (n.at);
CREATE INDEX invitation_email IF NOT EXISTS FOR (n:Invitation) ON (n.email);
