import type { Catalogue } from './en.js';

/** El catálogo en español (es-MX): las mismas claves y valores que `en.ts`. */
export const es: Catalogue = {
  // --- settings (common/settings.ts) -------------------------------------------------------
  settingNotSet: (p) => `${p.name} no está definida: se esperaba ${p.what}, se recibió ${p.got}.`,
  settingNotWholeNumber: (p) => `${p.name} debe ser un número entero de ${p.min} a ${p.max}, se recibió ${p.got}.`,
  settingNotChoice: (p) => `${p.name} debe ser uno de ${p.choices}, se recibió ${p.got}.`,

  // --- machine faults (common/errors.ts) ---------------------------------------------------
  ioFaultName: {
    ENOSPC: 'disco lleno',
    EDQUOT: 'cuota de disco excedida',
    EIO: 'error de entrada/salida',
    EMFILE: 'demasiados archivos abiertos en este proceso',
    ENFILE: 'demasiados archivos abiertos en el sistema',
    EROFS: 'sistema de archivos de solo lectura',
    SQLITE_FULL: 'disco lleno',
    SQLITE_IOERR: 'error de entrada/salida',
  },
  ioFault: (p) =>
    `${p.fault} (${p.code}) al ${p.doing}: la ejecución se detuvo sin cambiar nada; vuelva a ejecutarla cuando la máquina esté arreglada.`,

  // --- files and headers (common/header.ts, common/csv-parser.ts, row source) --------------
  csvUnclosedQuote: (p) => `unas comillas abiertas en la línea ${p.line} nunca se cierran`,
  csvTextAfterQuote: (p) => `la línea ${p.line} tiene texto justo después de unas comillas de cierre`,
  csvTooManyFields: (p) => `la línea ${p.line} tiene más de ${p.max} columnas`,
  csvRecordTooLong: (p) => `la línea ${p.line} inicia un registro de más de ${p.max} caracteres`,
  csvMixedLineEnds: (p) => `la línea ${p.line} termina en \\n, pero la primera línea del archivo termina solo en \\r`,
  fileRecordTooLong: (p) =>
    `${p.file} línea ${p.line}: se esperaban registros de menos de ${p.max} caracteres y hay uno más largo (unas comillas sin cerrar o un campo enorme).`,
  fileTooManyFields: (p) => `${p.file} línea ${p.line}: se esperaban como máximo ${p.max} columnas y hay más.`,
  fileUnclosedQuote: (p) => `${p.file} línea ${p.line}: se esperaba que cada campo entre comillas se cerrara, pero estas comillas nunca se cierran.`,
  fileMixedLineEnds: (p) =>
    `${p.file} línea ${p.line}: se esperaban finales de línea \\r en todo el archivo, como en el encabezado, y hay un \\n (\\r solo termina una línea en un archivo que no tiene ningún \\n).`,
  fileTextAfterQuote: (p) => `${p.file} línea ${p.line}: se esperaba CSV según RFC 4180 y hay texto justo después de unas comillas de cierre.`,
  fileEmpty: (p) => `${p.file} está vacío: se esperaba una fila de encabezado.`,
  fileHeaderTooLong: (p) => `${p.file} línea 1: se esperaba la fila de encabezado dentro de los primeros ${p.max} bytes y no hay fin de línea.`,
  fileNotGzip: (p) => `${p.file}: se esperaban datos comprimidos con gzip y hay bytes que no se pueden descomprimir.`,
  fileNotUtf8: (p) =>
    `${p.file} línea ${p.line}: se esperaba texto UTF-8 (INPUT_ENCODING=utf-8) y hay bytes que no son UTF-8 (guarde el archivo como "CSV UTF-8").`,
  fileMixedEncoding: (p) =>
    `${p.file} línea ${p.line}: se esperaba una sola codificación en todo el archivo y hay bytes que no son UTF-8 en un archivo que también tiene texto UTF-8; vuelva a guardar todo el archivo como "CSV UTF-8".`,
  fileNulByte: (p) =>
    `${p.file} línea ${p.line}: se esperaba texto y hay un byte NUL (una exportación "Texto Unicode" UTF-16 o un archivo binario); guarde el archivo como "CSV UTF-8".`,
  fileUndefinedByte: (p) =>
    `${p.file} línea ${p.line}: se esperaba texto Windows-1252 y hay un byte que Windows-1252 no define; guarde el archivo como "CSV UTF-8".`,
  fileReadAsWindows1252: (p) =>
    `${p.file}: no es UTF-8 y se leyó como Windows-1252 (la opción "CSV" simple de Excel); guárdelo como "CSV UTF-8" para asegurar que se conserven los acentos.`,
  headerDuplicateColumn: (p) =>
    `${p.file} línea ${p.line}, columna ${p.column}: se esperaba cada columna obligatoria una sola vez y aparece ${p.times} veces en el encabezado.`,
  headerMissingColumns: (p) =>
    `${p.file} línea ${p.line}: ${p.missing.length > 1 ? 'faltan las columnas obligatorias' : 'falta la columna obligatoria'} ${p.missing.join(', ')}; se esperaba ${p.expected} (en cualquier orden) y se encontró ${p.found ?? 'un encabezado vacío'}.`,
  headerWrongDelimiter: (p) =>
    `${p.file} línea ${p.line}: se esperaban columnas separadas por comas y están separadas por ${p.delimiter === ';' ? 'punto y coma (;)' : 'tabuladores'}: ${p.found}; guarde el archivo como "CSV UTF-8 (delimitado por comas)".`,
  headerExtraColumns: (p) => `${p.file}: ${p.count > 1 ? 'se ignoraron las columnas adicionales' : 'se ignoró la columna adicional'} ${p.names}.`,
  nameListMore: (p) => `${p.shown} y ${p.more} más`,
  fileKind: {
    link: 'un enlace simbólico',
    fifo: 'una tubería con nombre (FIFO)',
    folder: 'una carpeta',
    device: 'un dispositivo',
    socket: 'un socket',
    other: 'algo que no es un archivo normal',
  },
  fileNotRegular: (p) => `${p.file}: se esperaba un archivo normal y es ${p.kind}; no se leyó.`,
  fileInflatesTooMuch: (p) =>
    `${p.file}: se esperaban como máximo ${p.max} bytes al descomprimirlo (MAX_INFLATED_BYTES) y son más; el archivo no se cargó.`,
  fileInflateRatio: (p) =>
    `${p.file}: se esperaban como máximo ${p.max} bytes descomprimidos por byte comprimido (MAX_INFLATE_RATIO) y salieron ${p.inflated} bytes de ${p.compressed}; el archivo no se cargó.`,
  fileUnreadable: (p) => `No se pudo leer ${p.file}: ${p.reason}.`,
  doingRead: (p) => `leer ${p.file}`,
  doingStartParser: (p) => `iniciar el hilo que analiza ${p.file}`,
  parserFailed: (p) => `El hilo que analiza ${p.file} falló: ${p.reason}.`,
  parserExited: (p) => `El hilo que analiza ${p.file} terminó con el código ${p.code}.`,
  summaryTooEarly: (p) => `Se pidió el resumen de ${p.file} antes de leer todas sus filas.`,

  // --- row rules and reject reasons (common/tables) ----------------------------------------
  rejectEmptyText: (p) => `se esperaba un texto no vacío y se recibió ${p.got}`,
  rejectBadId: (p) => `se esperaba un id entero positivo y se recibió ${p.got}`,
  rejectIntegerRange: (p) => `se esperaba un entero de ${p.min} a ${p.max} y se recibió ${p.got}`,
  rejectNegativeNumber: (p) => `se esperaba un número mayor o igual a 0 y se recibió ${p.got}`,
  rejectMoney: (p) => `se esperaba un número de 0 a ${p.max} (MAX_COSTO_TOTAL) y se recibió ${p.got}`,
  rejectNumberWithComma: (p) =>
    `se esperaba un número con punto decimal y sin separador de miles (1234.50) y se recibió ${p.got}, que tiene coma decimal o separador de miles; cambie el formato de la columna en Excel`,
  rejectEmail: (p) => `se esperaba un correo electrónico y se recibió ${p.got}`,
  rejectDate: (p) => `se esperaba una fecha AAAA-MM-DD o una fecha y hora AAAA-MM-DD HH:MM[:SS] y se recibió ${p.got}`,
  rejectDateDmy: (p) =>
    `se esperaba una fecha D/M/AAAA o DD/MM/AAAA (con / o -), opcionalmente seguida de HH:MM o HH:MM:SS, o una fecha ISO AAAA-MM-DD, y se recibió ${p.got}`,
  rejectDateNeedsDmy: (p) =>
    `se esperaba una fecha AAAA-MM-DD (DATE_ORDER=iso) y se recibió ${p.got}, que se lee como día/mes/año: defina DATE_ORDER=dmy para aceptar esas fechas, o exporte las fechas como AAAA-MM-DD`,
  rejectDateTwoDigitYear: (p) => `se esperaba un año de cuatro dígitos y se recibió ${p.got}: no se aceptan años de dos dígitos; dé a la columna un formato con el año completo`,
  rejectDateAmPm: (p) => `se esperaba una hora de 24 horas (HH:MM) y se recibió ${p.got}: no se aceptan horas con a. m./p. m.; dé a la columna un formato de 24 horas`,
  rejectDateNotAfter: (p) => `se esperaba una fecha posterior a ${p.start} (${p.startValue}) y se recibió ${p.got}`,
  rejectRentalTooLong: (p) => `se esperaba una fecha como máximo ${p.days} días (MAX_RENTAL_DAYS) después de ${p.start} (${p.startValue}) y se recibió ${p.got}`,

  // --- batch contents, warehouse and run (batch-job/src/core) ------------------------------

  // --- command line and summary (batch-job/src/cli*.ts) ------------------------------------

  // --- Batch job (batch-job/src/job*.ts, aws/) ---------------------------------------------

  // --- upload check (functions/validate-upload) --------------------------------------------

  // --- output indexer and notifications (functions/index-output) ---------------------------

  // --- report (batch-job/src/core/report) --------------------------------------------------
};
