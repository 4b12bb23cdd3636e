extension NewDelivery {
    /// The request with empty optional fields made absent, after checking every text field
    /// (see ``DeliveryField``). Stored text is never altered otherwise: what the library sent is what the patron sees.
    func validated() throws(DeliveryError) -> NewDelivery {
        try DeliveryField.library.validate(library)
        try DeliveryField.asset.validate(assetID)
        try DeliveryField.patronID.validate(patron.id)
        var copy = self
        copy.patron.name = try Self.optional(patron.name, as: .patronName)
        copy.patron.email = try Self.optional(patron.email, as: .patronEmail)
        copy.note = try Self.optional(note, as: .note)
        return copy
    }

    private static func optional(_ text: String?, as field: DeliveryField) throws(DeliveryError) -> String? {
        guard let text, !text.unicodeScalars.allSatisfy(\.properties.isWhitespace) else { return nil }
        try field.validate(text)
        return text
    }
}
