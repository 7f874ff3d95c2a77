package org.metergate.sheet;

/** The file types a list (meter list, key file) may come in, recognised by content. */
public enum SheetFormat { CSV, XLSX, XLS, UNKNOWN }
