// Organisations marked sensitive carry the label Sensitive (the registry mirrors the boolean, service/model/graph.py):
// the privacy predicate (service/engine/privacy.py) tests the label, which costs Neo4j about half a property read,
// and counts of what stays visible subtract the few labelled nodes from a degree or a label count instead of reading
// `sensitive` on every counted node. Every writer of organisations keeps the label in sync from now on.
MATCH (o:Organisation) WHERE o.sensitive = true SET o:Sensitive;
MATCH (o:Sensitive) WHERE coalesce(o.sensitive, false) = false REMOVE o:Sensitive;
