-- Run once by the postgres image on an empty data volume (docker-entrypoint-initdb.d):
-- Keycloak keeps its data in its own database next to the app's.
CREATE DATABASE keycloak OWNER strata;
