-- postern: hand authz-fcgi's identity to an application behind lighttpd's mod_proxy.
--
-- lighttpd (mod_fastcgi, "mode" => "authorizer") puts the Variable-* headers
-- of authz-fcgi's 200 answer into the request's environment: REMOTE_USER,
-- REMOTE_NAME, REMOTE_EMAIL and REMOTE_GROUPS.  mod_proxy sends request
-- headers, never that environment, so this script (mod_magnet,
-- magnet.attract-raw-url-to) copies each variable into its Remote-* request
-- header.  It runs on every pass of the request: before authz-fcgi has
-- answered the variables are unset and the headers are removed; after, they
-- hold the identity (empty for an unauthenticated path).  Either way the
-- client's own Remote-* headers are gone, in both spellings: Remote-User and
-- Remote_User, which CGI-style applications read as the same HTTP_REMOTE_USER.
--
-- Needs lighttpd 1.4.60 or later (lighty.r); Debian 12 ships 1.4.69 with
-- mod_magnet in the package lighttpd-modules-lua.

local req_header, req_env = lighty.r.req_header, lighty.r.req_env

for _, name in ipairs({ "User", "Name", "Email", "Groups" }) do
    req_header["Remote_" .. name] = nil
    -- nil (not yet decided) removes the header.
    req_header["Remote-" .. name] = req_env["REMOTE_" .. string.upper(name)]
end

return 0
