// Personal access tokens of the JSON API (allianz/access_tokens): (:ApiToken)-[:OWNED_BY]->(:User).
// Only the SHA-256 of a token is stored; it is what a request is looked up by.
CREATE CONSTRAINT api_token_id IF NOT EXISTS FOR (n:ApiToken) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT api_token_hash IF NOT EXISTS FOR (n:ApiToken) REQUIRE n.token_hash IS UNIQUE;
