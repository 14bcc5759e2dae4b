// Network queries (issue 6): `changes(from, to)` seeks participations and memberships by their since/until dates.
CREATE INDEX participates_in_since IF NOT EXISTS FOR ()-[r:PARTICIPATES_IN]-() ON (r.since);
CREATE INDEX participates_in_until IF NOT EXISTS FOR ()-[r:PARTICIPATES_IN]-() ON (r.until);
CREATE INDEX member_of_since IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() ON (r.since);
CREATE INDEX member_of_until IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() ON (r.until);
