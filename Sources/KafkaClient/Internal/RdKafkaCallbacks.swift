import CRdKafka

/// The C-convention callbacks librdkafka invokes. They capture nothing: everything they need
/// comes through the handle's opaque (`CallbackContext`) or the per-message opaque (a delivery
/// id), and they copy data out of C memory before returning.
enum RdKafkaCallbacks {
    static func installCommon(on configuration: RdKafkaConfiguration) {
        configuration.withPointer { conf in
            rd_kafka_conf_set_log_cb(conf) { rk, level, facility, text in
                // Logs may arrive from librdkafka's internal threads, including during
                // rd_kafka_new and rd_kafka_destroy; the context outlives both.
                guard let rk, let opaque = rd_kafka_opaque(rk) else { return }
                let context = Unmanaged<CallbackContext>.fromOpaque(opaque).takeUnretainedValue()
                context.log(
                    level: level,
                    facility: facility.map { String(cString: $0) } ?? "",
                    message: text.map { String(cString: $0) } ?? ""
                )
            }
            rd_kafka_conf_set_error_cb(conf) { rk, err, reason, opaque in
                guard let opaque else { return }
                let context = Unmanaged<CallbackContext>.fromOpaque(opaque).takeUnretainedValue()
                var error = KafkaError(rd_kafka_resp_err_t(rawValue: err), context: "client")
                if let reason { error.description += ": " + String(cString: reason) }
                var fatal = false
                if rd_kafka_resp_err_t(rawValue: err) == RD_KAFKA_RESP_ERR__FATAL, let rk {
                    fatal = true
                    var text = [CChar](repeating: 0, count: 512)
                    let original = rd_kafka_fatal_error(rk, &text, text.count)
                    error = KafkaError(original, context: "fatal")
                }
                context.error(error, fatal: fatal)
            }
        }
    }

    static func installProducer(on configuration: RdKafkaConfiguration) {
        installCommon(on: configuration)
        configuration.withPointer { conf in
            rd_kafka_conf_set_dr_msg_cb(conf) { _, message, opaque in
                guard let message, let opaque else { return }
                let context = Unmanaged<CallbackContext>.fromOpaque(opaque).takeUnretainedValue()
                let id = UInt64(UInt(bitPattern: message.pointee._private))
                context.deliveries?.buffer(DeliveryRegistry.Report(
                    id: id, err: message.pointee.err,
                    partition: message.pointee.partition, offset: message.pointee.offset
                ))
            }
        }
    }

    static func installConsumer(on configuration: RdKafkaConfiguration) {
        installCommon(on: configuration)
        configuration.withPointer { conf in
            rd_kafka_conf_set_rebalance_cb(conf) { rk, err, partitions, opaque in
                guard let rk, let opaque else { return }
                let context = Unmanaged<CallbackContext>.fromOpaque(opaque).takeUnretainedValue()
                context.consumer?.rebalance(rk, err, partitions)
            }
        }
    }
}
