package io.looklook.tools;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses --from / --to; a bad value is a usage error (exit code 2) that says what is accepted. */
final class PositionConverter implements ITypeConverter<Position> {

    @Override
    public Position convert(String value) {
        try {
            return Position.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
