// Editing (issue 7): API tokens, idempotency records, the change log and its sequence counter.
CREATE CONSTRAINT api_token_id IF NOT EXISTS FOR (n:ApiToken) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT idempotency_record_scoped_key IF NOT EXISTS FOR (n:IdempotencyRecord) REQUIRE n.scopedKey IS UNIQUE;
CREATE CONSTRAINT change_event_seq IF NOT EXISTS FOR (n:ChangeEvent) REQUIRE n.seq IS UNIQUE;
CREATE CONSTRAINT change_sequence_id IF NOT EXISTS FOR (n:ChangeSequence) REQUIRE n.id IS UNIQUE;
CREATE INDEX change_event_entity IF NOT EXISTS FOR (n:ChangeEvent) ON (n.entityType, n.entityId);
CREATE INDEX change_event_at IF NOT EXISTS FOR (n:ChangeEvent) ON (n.at);
CREATE INDEX organisation_sensitive IF NOT EXISTS FOR (n:Organisation) ON (n.sensitive);
