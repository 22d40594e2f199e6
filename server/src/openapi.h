// The OpenAPI 3 description of the API (server/api/openapi.json, compiled in so the server and
// its description cannot drift apart silently: a test checks one against the other).
#pragma once

#include <string>

namespace assistant::server {

const std::string& OpenApiDocument();

}  // namespace assistant::server
