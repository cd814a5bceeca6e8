// I2C: see Package.swift for this module's job.
