// Privacy (allianz/privacy): retention counts from the deactivation. People deactivated before this
// migration start their period now. `allianz privacy purge` finds old log-in records by their last failure.
MATCH (u:User) WHERE u.active = false AND u.deactivated_at IS NULL SET u.deactivated_at = datetime();
CREATE INDEX login_throttle_last_failure IF NOT EXISTS FOR (n:LoginThrottle) ON (n.last_failure);
