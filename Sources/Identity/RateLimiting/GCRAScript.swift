import RedisClient

/// The Lua side of `GCRA.evaluate`: the same formulas, run atomically inside Redis.
///
/// Time comes from the server's `TIME`, not from the caller, so every ingress process judges
/// by one clock and skewed hosts cannot grant extra quota. Redis 5+ replicates a script's
/// effects (the `SET`s), not the script, so reading `TIME` before writing is safe with replicas.
enum GCRAScript {
    /// `KEYS[i]`: the TAT key of check i; its value is the TAT in server microseconds.
    /// `ARGV[2i-1]`, `ARGV[2i]`: the emission interval and tolerance of check i, in microseconds.
    /// Reply: `{admitted, allowed₁, remaining₁, resetAfter₁, retryAfter₁, allowed₂, …}` with
    /// 1/0 flags and microsecond durations.
    static let script = RedisScript(
        """
        if #ARGV ~= 2 * #KEYS then
          return redis.error_reply('ERR rate limit script expects two arguments per key')
        end
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
        local intervals, tolerances, tats, verdicts = {}, {}, {}, {}
        local admitted = 1
        -- Read every key before writing any, so a repeated key is consumed once.
        for i = 1, #KEYS do
          intervals[i] = tonumber(ARGV[2 * i - 1])
          tolerances[i] = tonumber(ARGV[2 * i])
          local stored = tonumber(redis.call('GET', KEYS[i]))
          local tat = now
          if stored ~= nil and stored > now then tat = stored end
          tats[i] = tat
          if tat - tolerances[i] <= now then
            verdicts[i] = 1
          else
            verdicts[i] = 0
            admitted = 0
          end
        end
        local reply = {admitted}
        for i = 1, #KEYS do
          local interval, tolerance, tat = intervals[i], tolerances[i], tats[i]
          local retry = 0
          if verdicts[i] == 0 then retry = tat - tolerance - now end
          -- A denied request takes quota from no key.
          if admitted == 1 then
            tat = tat + interval
            -- %.0f: a plain integer, whatever number formatting this Redis version uses.
            redis.call('SET', KEYS[i], string.format('%.0f', tat),
              'PX', string.format('%.0f', math.ceil((tat - now) / 1000)))
          end
          local remaining = 0
          local slack = now + tolerance - tat
          if slack >= 0 then
            remaining = math.min(math.floor(slack / interval) + 1, math.floor(tolerance / interval) + 1)
          end
          reply[#reply + 1] = verdicts[i]
          reply[#reply + 1] = remaining
          reply[#reply + 1] = tat - now
          reply[#reply + 1] = retry
        end
        return reply
        """)

    /// Values per check in the reply, after the leading `admitted` flag.
    static let valuesPerCheck = 4
}
