// Sort keys of the read API's connections (service/api/compiler): a keyset page seeks a range on its first sort key
// and reads the index in order, so a deep page costs what the first does. ids are covered by their constraints,
// Organisation.shortName/kind and Project.status/startDate/endDate by V0002.
CREATE INDEX organisation_name IF NOT EXISTS FOR (n:Organisation) ON (n.name);
CREATE INDEX project_title IF NOT EXISTS FOR (n:Project) ON (n.title);
CREATE INDEX project_name IF NOT EXISTS FOR (n:Project) ON (n.name);
CREATE INDEX project_budget_eur IF NOT EXISTS FOR (n:Project) ON (n.budgetEur);
