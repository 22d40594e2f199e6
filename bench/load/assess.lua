-- wrk script: POST /api/v1/assess with a pig-farm case; the head count varies per request so the
-- answers are not all identical (the server has no cache; this only keeps the load honest).
local counter = 0
request = function()
  counter = counter + 1
  local body = string.format('{"date":"2024-06-01","ask":["eia.document_class"],"facts":{"project.industry_codes":["0313"],' ..
    '"project.catalogue_items":[],"livestock.annual_output_pig_eq":%d,"livestock.is_scale_farm":true,"site.sensitive_areas":[]}}',
    3000 + (counter % 5000))
  return wrk.format("POST", "/api/v1/assess", {["Content-Type"] = "application/json"}, body)
end
