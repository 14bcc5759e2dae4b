// The partner graph model (schema/MODEL.md): id uniqueness for every label, lookup indexes, full-text search.
// Every statement is idempotent (IF NOT EXISTS); V0001 already holds the id constraints of the base labels.
CREATE CONSTRAINT region_id IF NOT EXISTS FOR (n:Region) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT country_id IF NOT EXISTS FOR (n:Country) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT programme_id IF NOT EXISTS FOR (n:Programme) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT project_id IF NOT EXISTS FOR (n:Project) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT theme_id IF NOT EXISTS FOR (n:Theme) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT action_plan_id IF NOT EXISTS FOR (n:ActionPlan) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT coe_body_id IF NOT EXISTS FOR (n:CoeBody) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT network_id IF NOT EXISTS FOR (n:Network) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT organisation_id IF NOT EXISTS FOR (n:Organisation) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT national_authority_id IF NOT EXISTS FOR (n:NationalAuthority) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT nhri_id IF NOT EXISTS FOR (n:Nhri) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT civil_society_organisation_id IF NOT EXISTS FOR (n:CivilSocietyOrganisation) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT donor_id IF NOT EXISTS FOR (n:Donor) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT international_organisation_id IF NOT EXISTS FOR (n:InternationalOrganisation) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT coe_entity_id IF NOT EXISTS FOR (n:CoeEntity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT participates_in_id IF NOT EXISTS FOR ()-[r:PARTICIPATES_IN]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT member_of_id IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() REQUIRE r.id IS UNIQUE;

CREATE INDEX country_iso2 IF NOT EXISTS FOR (n:Country) ON (n.iso2);
CREATE INDEX country_iso3 IF NOT EXISTS FOR (n:Country) ON (n.iso3);
CREATE INDEX organisation_kind IF NOT EXISTS FOR (n:Organisation) ON (n.kind);
CREATE INDEX organisation_short_name IF NOT EXISTS FOR (n:Organisation) ON (n.shortName);
CREATE INDEX organisation_synthetic IF NOT EXISTS FOR (n:Organisation) ON (n.synthetic);
CREATE INDEX project_status IF NOT EXISTS FOR (n:Project) ON (n.status);
CREATE INDEX project_start_date IF NOT EXISTS FOR (n:Project) ON (n.startDate);
CREATE INDEX project_end_date IF NOT EXISTS FOR (n:Project) ON (n.endDate);
CREATE INDEX project_synthetic IF NOT EXISTS FOR (n:Project) ON (n.synthetic);
CREATE INDEX participates_in_role IF NOT EXISTS FOR ()-[r:PARTICIPATES_IN]-() ON (r.role);
CREATE INDEX participates_in_role_class IF NOT EXISTS FOR ()-[r:PARTICIPATES_IN]-() ON (r.roleClass);

// One full-text index over every node label, on every name-like property; 'standard-folding' folds diacritics
// (Türkiye, Chișinău) so plain-ASCII queries match.
CREATE FULLTEXT INDEX entitySearch IF NOT EXISTS
FOR (n:Region|Country|Programme|Project|Theme|ActionPlan|CoeBody|Network|Organisation)
ON EACH [n.name, n.title, n.shortName, n.altNames]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}};
