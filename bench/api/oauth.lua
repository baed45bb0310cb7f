-- wrk script: signs every request with OAuth PLAINTEXT and a unique nonce (the region rejects
-- replayed nonces, so a fixed header would be measured as 401s).
local threads = {}
local counter = 0


function setup(thread)
    thread:set("id", #threads + 1)
    table.insert(threads, thread)
end

function init(args)
    ck, tk, secret = os.getenv("BENCH_CK"), os.getenv("BENCH_TK"), os.getenv("BENCH_SECRET")
    path = os.getenv("BENCH_PATH")
    gzip = os.getenv("BENCH_GZIP") == "1"
end

function request()
    counter = counter + 1
    local nonce = string.format("%s-%d-%d", tostring(id), counter, os.time())
    local header = string.format(
        'OAuth realm="", oauth_version="1.0", oauth_signature_method="PLAINTEXT", ' ..
        'oauth_consumer_key="%s", oauth_token="%s", oauth_signature="%%26%s", ' ..
        'oauth_nonce="%s", oauth_timestamp="%d"', ck, tk, secret, nonce, os.time())
    local headers = {["Authorization"] = header}
    if gzip then headers["Accept-Encoding"] = "gzip" end
    return wrk.format("GET", path, headers)
end

local non2xx = 0
function response(status, headers, body)
    if status ~= 200 then non2xx = non2xx + 1 end
end

function done(summary, latency, requests)
    io.write(string.format("errors=%d\n", summary.errors.status + summary.errors.connect +
        summary.errors.read + summary.errors.write + summary.errors.timeout))
end
