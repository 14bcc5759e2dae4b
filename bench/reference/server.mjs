// The reference for `make bench`: @neo4j/graphql 7 under Apollo Server 5's standalone HTTP server, as its
// getting-started guide sets it up, over the Neo4j partnernet uses. The harness (bench/versus.py) starts it:
//   REFERENCE_TYPEDEFS=<file> REFERENCE_PORT=<port> NEO4J_URI=... NEO4J_USER=... NEO4J_PASSWORD=...
//   NEO4J_DATABASE=... node server.mjs
// It prints "ready <url>" once it answers. Requests are anonymous; the type definitions carry the privacy filter.
import { readFileSync } from "node:fs";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

const env = (name) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set`);
    return value;
};

const typeDefs = readFileSync(env("REFERENCE_TYPEDEFS"), "utf8");
const driver = neo4j.driver(env("NEO4J_URI"), neo4j.auth.basic(env("NEO4J_USER"), env("NEO4J_PASSWORD")));
const database = env("NEO4J_DATABASE");
// @authorization needs a key to verify JWTs with; the harness sends none, so only the anonymous rules apply.
const neoSchema = new Neo4jGraphQL({ typeDefs, driver, features: { authorization: { key: "bench-reference-no-jwt" } } });
const schema = await neoSchema.getSchema();
const server = new ApolloServer({ schema });
const { url } = await startStandaloneServer(server, {
    listen: { host: "127.0.0.1", port: Number(env("REFERENCE_PORT")) },
    context: async () => ({ sessionConfig: { database } }),
});
console.log(`ready ${url}`);

const stop = async () => {
    await server.stop();
    await driver.close();
    process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
