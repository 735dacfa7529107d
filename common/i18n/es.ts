import type { Catalogue } from './en.js';
import { fmt } from './format.js';

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
  // Lo que hacía la ejecución cuando llegó la falla, como lo pone `ioFault` después de "al".
  ioWriting: (p) => `escribir ${p.path}`,
  ioReading: (p) => `leer ${p.file}`,
  ioWritingExports: (p) => `escribir las exportaciones desde ${p.path}`,
  ioWritingBuild: (p) => `escribir la copia de trabajo del almacén ${p.path}`,
  ioStartingParser: (p) => `iniciar el hilo de lectura de ${p.file}`,
  retryNeedsAttempt: (p) => `Un reintento necesita al menos un intento, se recibió ${p.got}.`,
  noTableDeclared: (p) => `No hay ninguna tabla declarada con la clave ${p.key}.`,
  // Por qué no se toma una clave subida (common/keys.ts): el final de una oración, en minúsculas.
  keyNotUrlEncoded: 'la clave no es UTF-8 válido codificado para URL',
  keyHasControls: 'la clave contiene caracteres de control',
  keyOutsideIncoming: (p) => `la clave está fuera de ${p.prefix}`,
  keyEmptySegment: 'la clave tiene un segmento de ruta vacío (//)',
  keyDotSegment: 'la clave tiene un segmento de ruta . o ..',
  keyBackslash: 'la clave contiene una barra invertida',
  keyIsFolder: 'la clave es una carpeta, no un archivo',
  keyNotInBatch: 'el archivo no está dentro de una carpeta de lote',
  keyNested: 'el archivo está en una subcarpeta, no directamente en una carpeta de lote',
  keyBatchIdTooLong: (p) => `el id del lote tiene más de ${fmt.count(p.max)} caracteres`,

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
  inputNotFolder: (p) => `--input ${p.dir}: se esperaba una carpeta con los archivos CSV del lote, pero no se puede leer.`,
  inputOthersIgnored: (p) =>
    `${p.others.length > 1 ? 'Se ignoran' : 'Se ignora'} ${p.others.join(', ')}: ${p.chosen} es el archivo de ${p.table} de este lote.`,
  idsDefault: 'los ids',
  idsOfFile: (p) => `los ids de ${p.file}`,
  idsReferenced: (p) => `los ids de ${p.table} a los que puede apuntar la columna ${p.column} de este archivo`,
  idsExpected: (p) => `se esperaban como máximo ${fmt.count(p.max)} ids que ocupen menos de uno de cada 16 valores de su rango`,
  idsTooMany: (p) => `${p.what} son demasiados y están demasiado dispersos para revisarlos en memoria: ${p.expected}.`,
  idsHoldNonId: (p) => `${p.what} incluyen ${p.got}, que no es un id entero positivo.`,
  idSetGivenNonId: (p) => `Un conjunto de ids recibió ${p.got}, que no es un id entero positivo.`,
  exportThreadExited: (p) => `El hilo de exportación terminó con el código ${p.code}.`,
  exportsStopped: 'Las exportaciones se detuvieron: la ejecución falló.',
  runFailed: (p) => `La ejecución del ETL falló: ${p.cause}.`,

  // --- warehouse and schema (batch-job/src/core/warehouse*, migrations) --------------------
  settingNotIdentifier: (p) =>
    `${p.name} debe ser un identificador SQL simple (letras, dígitos y _, sin empezar con un dígito, de 63 caracteres como máximo), se recibió ${p.got}.`,
  settingNameReserved: (p) => `${p.name} no puede ser ${p.got}: el almacén guarda una tabla o vista propia con ese nombre; elija otro nombre de tabla.`,
  settingNameKeyword: (p) => `${p.name} no puede ser ${p.got}: es una palabra clave SQL de SQLite; elija otro nombre de tabla.`,
  settingNameSqlite: (p) => `${p.name} no puede ser ${p.got}: los nombres que empiezan con sqlite_ son del propio SQLite; elija otro nombre de tabla.`,
  settingNotFileName: (p) => `${p.name} debe ser un nombre de archivo simple (letras, dígitos, ., _ y -, sin carpeta), se recibió ${p.got}.`,
  tableNamesRepeated: (p) => `Los nombres de las tablas deben ser distintos, pero ${p.got} se usa dos veces; cambie uno de los dos ajustes.`,
  schemaNewer: (p) =>
    `El almacén tiene la versión de esquema ${fmt.id(p.found)}, más nueva que la versión ${fmt.id(p.known)} que conoce esta versión del ETL: cárguelo con una versión del ETL que conozca la versión ${fmt.id(p.found)}.`,
  schemaNoTable: (p) =>
    `El almacén no tiene la tabla ${p.table} (la tabla ${p.key}, cuyo nombre indica ${p.setting}): se creó con otros nombres de tabla o no lo creó este ETL; ponga en ${p.setting} el nombre que tiene, o cargue en un almacén nuevo.`,
  schemaNoIdColumn: (p) =>
    `La tabla ${p.table} del almacén no tiene la columna ${p.column}: este ETL no la creó como su tabla ${p.key}; revise ${p.setting} o cargue en un almacén nuevo.`,
  schemaMissingTables: (p) =>
    `El almacén tiene tablas, pero no ${p.missing}: se creó con otros nombres de tabla o no lo creó este ETL; ponga en esos ajustes los nombres que tiene, o cargue en un almacén nuevo.`,
  warehouseNamed: (p) => `El almacén ${p.path}`,
  folderOfDb: 'La carpeta de --db',
  outIsFile: (p) => `--out ${p.dir} es un archivo, no una carpeta: indique una carpeta para los resultados de la ejecución.`,
  outIsInput: (p) => `--out ${p.dir} es la carpeta de --input: los resultados quedarían entre los archivos del lote; elija otra carpeta para --out.`,
  warehouseIsFolder: (p) => `${p.named} es una carpeta: indique un archivo de almacén SQLite, o una ruta donde crear uno nuevo.`,
  outputOverwritesInput: (p) =>
    `El resultado ${p.output} sobrescribiría el archivo de entrada ${p.file} de este lote: elija ${p.withDb ? '--out y --db' : 'un --out'} fuera de los archivos de entrada.`,
  folderNotWritable: (p) => `${p.what} ${p.dir} no permite escritura (${p.code}): indique una carpeta en la que esta ejecución pueda escribir.`,
  folderNotCreated: (p) => `${p.what} ${p.dir} no se puede crear (${p.code}): indique una carpeta en la que esta ejecución pueda escribir.`,
  warehouseHeldOpen: (p) => `El almacén ${p.path} está abierto en otro programa (${p.code}): ciérrelo y vuelva a ejecutar.`,
  warehouseBusyAtCommit: (p) =>
    `Otro programa siguió leyendo el almacén ${p.path} durante más de ${fmt.id(p.seconds)} s (LOCK_WAIT_SECONDS) cuando esta ejecución tenía que escribir el lote en él (${p.code}): el almacén no cambió; cierre ese programa, o aumente LOCK_WAIT_SECONDS, y vuelva a ejecutar.`,
  batchAppliedManifestPending: (p) =>
    `El lote ya está en el almacén, pero sus resultados en ${p.outDir} no se pudieron completar (${p.cause}): vuelva a ejecutar el mismo comando para completarlos; no aplicará el lote dos veces.`,
  batchAlreadyApplied: (p) =>
    `El lote ${p.batchId} ya estaba aplicado en este almacén (secuencia ${fmt.id(p.sequence)}) y esta ejecución no cambió nada en él: sus cambios los publicó la ejecución que lo aplicó.`,
  pendingOutputsOther: (p) =>
    `${p.outDir} contiene los resultados sin publicar del lote ${p.batchId} (secuencia ${fmt.id(p.sequence)}), cuya ejecución se detuvo después de aplicar el lote al almacén: vuelva a ejecutar el lote ${p.batchId} en ${p.outDir} primero (el mismo comando los completa), o elija otro --out; esta ejecución no cambió nada.`,
  pendingOutputsStale: (p) =>
    `${p.outDir} contiene los resultados sin publicar del lote ${p.batchId} (secuencia ${fmt.id(p.sequence)}), cuya ejecución se detuvo después de aplicar el lote al almacén, y el almacén recibió lotes posteriores (secuencia ${fmt.id(p.latest)}): ya no se pueden completar. Entregue sus cambios (${p.changes}) a quienes los reproducen, saque los archivos de ${p.outDir} y vuelva a ejecutar; esta ejecución no cambió nada.`,
  manifestCompleted: (p) =>
    `Completado por una ejecución posterior: la ejecución del lote ${p.batchId} que empezó a las ${p.startedAt} se detuvo después de confirmar el lote en el almacén, antes de escribir este manifiesto.`,
  warehouseUnreadable: (p) => `No se puede leer el almacén ${p.path} (${p.code}).`,
  warehouseNotSqlite: (p) =>
    `${p.named} no es una base de datos SQLite o el archivo está dañado: indique un almacén creado por este ETL, o una ruta donde crear uno nuevo.`,
  warehouseCopyNoRoom: (p) =>
    `No hay espacio en el disco para copiar el almacén ${p.from} (${fmt.id(p.bytes)} bytes) a ${p.to} (${p.code}): el almacén no cambió; libere espacio o repare el disco y vuelva a ejecutar.`,
  warehouseCopyFailed: (p) =>
    `No se pudo copiar el almacén ${p.from} a ${p.to} (${p.code}): el almacén no cambió; libere espacio o repare el disco y vuelva a ejecutar.`,
  lockNotCreated: (p) => `No se puede crear el archivo de bloqueo ${p.path} (${p.code}): la carpeta del almacén debe permitir escritura.`,
  lockHolder: (p) => `pid ${fmt.id(p.pid)} en el equipo ${p.host} desde ${p.since}`,
  lockHolderStarting: 'una ejecución que está comenzando',
  warehouseLocked: (p) =>
    `El almacén ${p.path} está bloqueado por otra ejecución (${p.holder}): se esperó ${fmt.count(p.seconds)} s${p.setting ? ` (${p.setting})` : ''}; vuelva a ejecutar cuando esa termine, o borre ${p.path}.lock si ese proceso ya no existe.`,

  // run, batch contents and row checks
  batchEmpty: (p) =>
    `${p.dir} no tiene ninguno de los cuatro archivos de tabla (vehiculos.csv, puntos_renta.csv, clientes.csv, rentas.csv, cada uno también como .csv.gz): ${p.holds}. No se cargó nada y el almacén no cambió; ponga los archivos en la carpeta con esos nombres y vuelva a ejecutar.`,
  folderIsEmpty: 'la carpeta está vacía',
  folderHolds: (p) => `contiene ${p.names}${p.more > 0 ? ` y ${fmt.count(p.more)} más` : ''}`,
  folderEntryMeant: (p) => `${p.name} (¿${p.file}?)`,
  strayFileMeant: (p) =>
    `${p.name} no se cargó: no es un archivo de tabla. Si es el archivo de ${p.table} de este lote, guárdelo como ${p.file} (en Excel: "CSV UTF-8") y vuelva a ejecutar el lote.`,
  strayFileBeside: (p) => `${p.name} no se cargó: no es un archivo de tabla, y ${p.file} es el archivo de ${p.table} de este lote.`,
  strayFile: (p) => `${p.name} no se cargó: su nombre no es ninguno de vehiculos.csv, puntos_renta.csv, clientes.csv, rentas.csv.`,
  strayFilesMore: (p) => `Tampoco se cargaron otros ${fmt.count(p.count)} archivos de la carpeta: no son archivos de tabla.`,
  doingWriteBuild: (p) => `escribir la copia de trabajo del almacén ${p.path}`,
  doingWrite: (p) => `escribir ${p.path}`,
  tooManyIds: (p) => `${p.file} línea ${fmt.id(p.line)}: demasiados ids distintos para revisar duplicados en memoria: ${p.expected}.`,
  rejectFieldCount: (p) => `se esperaban ${fmt.count(p.expected)} campos como en el encabezado, hay ${fmt.count(p.found)}`,
  rejectInColumn: (p) => `columna ${p.column}: ${p.message}`,
  rejectDuplicateId: (p) => `columna ${p.column}: se esperaba un id único, el ${fmt.id(p.id)} se repite (una línea anterior de este archivo lo tiene)`,
  rejectUnknownReference: (p) => `columna ${p.column}: se esperaba un id existente de ${p.table}, se recibió ${fmt.id(p.id)}`,
  rejectUnknownReferenceAbsent: (p) =>
    `columna ${p.column}: se esperaba un id existente de ${p.table}, se recibió ${fmt.id(p.id)}; ${p.file} no venía en este lote y el almacén no tiene ese id: agregue ${p.file} al lote`,

  // --- command line and summary (batch-job/src/cli*.ts) ------------------------------------
  cliUsage: 'uso: npm run etl -- --input CARPETA --out CARPETA [--db ARCHIVO] [--batch-id ID] [--full-export] [--json] [--no-worker]',
  cliUsageError: (p) => `${p.problem}; ${p.usage}.`,
  cliInputOutRequired: '--input y --out son obligatorios',
  cliUnexpected: (p) => `falla inesperada: ${p.detail}`,
  cliAllRejected: (p) =>
    `se rechazaron todas las filas de datos de ${p.file} (${fmt.count(p.count)} filas), así que no se cargó nada de él; los motivos están en ${p.rejects}.`,
  progressTable: (p) => `${p.file}: ${p.percent}% (${fmt.count(p.rows)} filas)`,
  progressAggregate: 'armando el agregado...',
  progressExports: 'escribiendo las exportaciones...',
  summaryBatch: (p) => `Lote ${p.batchId}: ${{ succeeded: 'completo', partial: 'parcial', failed: 'fallido' }[p.status]}`,
  summaryColumns: ['tabla', 'archivo', 'estado', 'leídas', 'insertadas', 'actualizadas', 'sin cambios', 'rechazadas'],
  tableStatus: { loaded: 'cargado', rejected: 'rechazado', missing: 'ausente' },
  summaryError: (p) => `error: ${p.message}`,
  summaryWarning: (p) => `aviso: ${p.message}`,
  summaryRejected: (p) => `${fmt.count(p.count)} fila(s) de ${p.table} rechazada(s): vea ${p.path}`,
  summaryAllRejected: (p) => `se rechazaron todas las filas de datos de ${p.file}: no se cargó nada de él`,
  summaryReason: (p) =>
    `  ${p.code} (${p.what})${p.column ? ` en ${p.column}` : ''}: ${fmt.count(p.count)} fila(s), la primera en la línea ${fmt.id(p.line)}`,
  summaryReasonAbsent: (p) => `; ${p.file} no venía en este lote`,
  summaryMoreReasons: (p) => `  y ${fmt.count(p.count)} motivo(s) más: vea el archivo de rechazos`,
  rejectCodeName: {
    EMPTY_TEXT: 'vacío',
    BAD_ID: 'id no válido',
    OUT_OF_RANGE: 'fuera de rango',
    BAD_NUMBER: 'no es un número',
    BAD_EMAIL: 'no es un correo electrónico',
    BAD_DATE: 'no es una fecha',
    DATE_ORDER: 'fechas en desorden',
    FIELD_COUNT: 'número de campos incorrecto',
    DUPLICATE_ID: 'id repetido',
    UNKNOWN_REFERENCE: 'id desconocido',
  },
  summaryRejectsCapped: (p) =>
    `solo se escribieron ahí los primeros ${fmt.count(p.written)} rechazos de ${p.table} (MAX_REJECTS_WRITTEN); los otros ${fmt.count(p.rest)} solo se cuentan`,
  summaryNotInBatch: (p) => `No vinieron en este lote: ${p.tables}; esas tablas conservan lo que ya tenía el almacén.`,
  summaryTop: (p) =>
    p.count === 1
      ? `El vehículo más rentado (${p.table}: ${fmt.count(p.rows)} filas)`
      : `Los ${fmt.count(p.count)} vehículos más rentados (${p.table}: ${fmt.count(p.rows)} filas)`,
  summaryTopColumns: ['#', 'id', 'marca', 'modelo', 'anio', 'rentas', 'días prom.', 'ingresos'],
  summaryNoRentals: (p) => `Todavía no hay rentas cargadas, así que no hay vehículos más rentados (${p.table}: 0 filas).`,
  summaryOutputs: (p) => `Resultados en ${p.dir}: ${p.files}`,
  demoRentalsBad: (p) => `--rentals espera un número entero de 0 o más, se recibió ${p.got}.`,
  demoNotOurs: (p) =>
    `${p.path} ya existe y no lo creó la demo, así que no se toca; elija otra --dir (la demo solo escribe ${p.dir}/incoming/demo-batch y ${p.dir}/output).`,
  demoGenerated: (p) => `Lote de muestra (${fmt.count(p.rentals)} rentas) generado en ${p.dir} en ${fmt.decimal(p.seconds)} s`,
  demoFinished: (p) => `ETL terminado en ${fmt.decimal(p.seconds)} s`,
  demoReport: (p) => `Reporte: ${p.path}`,
  demoNext: (p) => `Siguiente: ${p.command}   (una segunda ejecución: todas las filas sin cambios)`,
  generateUsage:
    'uso: generate --out CARPETA [--rentals N] [--seed S] [--gzip] [--vehicles N] [--clients N] [--points N] [--id-layout dense|sparse|high]',
  generateBadArgument: (p) => `${p.problem} (${p.usage}).`,
  generateOutRequired: '--out CARPETA es obligatorio',
  generateRentalsBad: (p) =>
    `--rentals espera un número entero de 0 o más, se recibió ${p.got} (sin otras opciones la muestra tiene al menos 20 vehículos, 8 puntos y 50 clientes)`,
  generateCountBad: (p) => `--${p.flag} espera un número entero de ${fmt.count(p.min)} o más, se recibió ${p.got}`,
  generateLayoutBad: (p) => `--id-layout espera uno de ${p.choices}, se recibió ${p.got}`,
  generateFile: (p) => `${p.file.padEnd(19)} ${fmt.count(p.rows).padStart(11)} filas ${fmt.count(p.bytes).padStart(15)} bytes`,
  generateDone: (p) => `generado en ${fmt.decimal(p.seconds, 2)} s en ${p.dir} (semilla ${fmt.id(p.seed)})`,
  generateWriteFailed: (p) => `no se pudo escribir la muestra en ${p.dir}: ${p.message}.`,
  sampleOptionBad: (p) => `${p.name} debe ser un número entero de ${fmt.count(p.min)} o más, se recibió ${p.got}`,

  // --- Batch job (batch-job/src/job*.ts, aws/) ---------------------------------------------
  jobSettingBatchId: 'el id del lote a cargar (la carpeta bajo incoming/)',
  jobSettingJobId: 'el id del trabajo de Batch',
  jobSettingInputBucket: 'el nombre del bucket de entrada',
  jobSettingOutputBucket: 'el nombre del bucket de salida',
  jobSettingWorkDir: 'una carpeta de trabajo temporal',
  jobNoTableFile: (p) =>
    `${p.prefix} no contiene ningún archivo de tabla del pipeline en el bucket de entrada: no hay nada que cargar (se borraron después de la revisión de la carga, o BATCH_ID no es el correcto). Suba de nuevo los archivos del lote o revise BATCH_ID.`,
  jobContention: (p) =>
    `El almacén cambió una y otra vez mientras este trabajo corría: se abandonó después de ${fmt.count(p.attempts)} intentos (otro trabajo gana cada carrera). Batch lo volverá a intentar; si se repite, deje MaxConcurrentJobs en 1.`,
  jobDownloading: (p) => `descargar ${p.key} en ${p.path}`,
  jobWarehouseVersionNotFound: (p) =>
    `No se encontró la versión de ${p.key} que escribió el lote ${p.batchId}, ni como versión actual ni entre las anteriores (el id del lote y el sha256 van en los metadatos del objeto): warehouse.versionId es null. Lea la versión actual del almacén.`,

  // --- upload check (functions/validate-upload) --------------------------------------------
  uploadSettingInputBucket: 'el nombre del bucket de entrada',
  uploadSettingOutputBucket: 'el nombre del bucket de salida',
  uploadSettingJobQueue: 'el nombre o ARN de la cola de trabajos de Batch',
  uploadSettingJobDefinition: 'el nombre o ARN de la definición de trabajo de Batch',
  uploadLog: {
    ignored: 'carga ignorada',
    rejected: 'archivo rechazado',
    accepted: 'archivo aceptado',
    waiting: 'lote en espera',
    gone: 'objeto ya no existe',
    submitted: 'trabajo enviado',
    'already-claimed': 'lote ya reclamado',
    malformed: 'registro mal formado',
    failed: 'registro fallido',
  },
  uploadValueKind: {
    null: 'null',
    list: 'una lista',
    object: 'un objeto',
    string: 'una cadena de texto',
    number: 'un número',
    boolean: 'un booleano',
    other: 'un valor de otro tipo',
  },
  uploadRecordProblem: {
    eventNameNotText: 'tiene un eventName que no es texto',
    noS3: 'no tiene el campo s3',
    noKey: 'no tiene s3.object.key',
    noBucket: 'no tiene s3.bucket.name',
  },
  uploadRecordNotObject: (p) => `es ${p.kind}, no un registro de S3`,
  uploadRecordMalformed: (p) => `el registro ${fmt.id(p.index)} de ${fmt.count(p.total)} del evento ${p.problem}; se omitió.`,
  uploadRecordsNotList: (p) => `el campo Records del evento es ${p.kind}, no una lista; se omitió.`,
  uploadNotCreation: (p) => `el evento ${p.event} no es la creación de un objeto`,
  uploadOtherBucket: (p) => `el bucket ${p.bucket} no es el bucket de entrada ${p.input}`,
  uploadNotATable: (p) =>
    p.table === undefined
      ? `${p.file} no se carga: la carpeta de un lote solo lleva ${p.names} (o los mismos nombres terminados en .csv.gz) y _SUCCESS. Cámbiele el nombre si contiene una de estas tablas; si no, quítelo.`
      : `${p.file} no se carga: su nombre no es ${p.table}.csv. Si contiene la tabla ${p.table}, vuelva a subirlo con el nombre ${p.table}.csv (en Excel: Guardar como, "CSV UTF-8").`,
  uploadGone: 'el objeto se borró antes de poder leerlo',
  uploadSecondFile: (p) => `${p.file} se ignora: ${p.chosen} es el archivo de ${p.table} de este lote.`,
  uploadMarkerNoTable: (p) => `${p.marker} ya está, pero todavía no hay ningún archivo de tabla; el primero que llegue envía el lote`,
  uploadMarkerGone: (p) => `${p.marker} se borró antes de enviar el lote`,
  uploadWaiting: (p) => `en espera de ${p.missing} o de ${p.marker}`,
  uploadWaitingInvalid: (p) => `todos los archivos están, pero no son válidos: ${p.files}`,
  uploadAlreadyClaimed: (p) => `${p.marker} existe: otro evento ya envió el lote`,
  uploadClaimLeft: (p) =>
    `SubmitJob falló para el lote ${p.batchId} y no se pudo borrar la reclamación ${p.marker}; bórrela para que el lote pueda enviarse de nuevo.`,
  uploadClaimNotUpdated: (p) => `no se pudo actualizar la reclamación ${p.marker} con el id del trabajo: ${p.error}`,
  uploadRecordsFailed: (p) => `fallaron ${fmt.count(p.failed)} de ${fmt.count(p.total)} registros: ${p.errors}`,
  uploadNoJobId: (p) => `SubmitJob para el lote ${p.batchId} no devolvió jobId.`,
  uploadClaimConflict: (p) =>
    `${p.place}: se esperaba que la creación condicional se resolviera, pero se recibió 409 ConditionalRequestConflict ${fmt.count(p.attempts)} veces.`,

  // --- output indexer and notifications (functions/index-output) ---------------------------
  indexSettingQueueUrl: 'la URL de la cola de notificaciones',
  indexLog: {
    notSent: 'notificaciones no enviadas',
    sent: 'notificaciones enviadas',
    notIndexed: 'registro no indexado',
    skipped: 'registro omitido',
  },
  indexRecordsFailed: (p) => `no se pudieron indexar ${fmt.count(p.failed)} registro(s). ${p.errors}`,
  indexObjectUnreadable: (p) => `no se pudo leer ${p.place} (${p.reason}).`,
  indexObjectTooLarge: (p) => `${p.place} pesa más de ${fmt.count(p.max)} bytes; no se lee.`,
  indexObjectNotJson: (p) => `${p.place} no es JSON válido (${p.reason}).`,
  indexNotManifest: (p) => `${p.place} no es un manifiesto: ${p.problem}.`,
  indexNotRejection: (p) => `${p.place} no es un registro de rechazo: ${p.problem}.`,
  indexProblem: {
    notObject: 'se esperaba un objeto JSON',
    outputsNotList: 'outputs debe ser una lista',
    tablesNotObject: 'tables debe ser un objeto',
    errorNotSentence: 'error debe ser una oración',
  },
  indexBadStatus: (p) => `status debe ser succeeded, partial o failed, se recibió ${p.got}`,
  indexBadOutput: (p) => `outputs[${fmt.id(p.index)}] debe tener path, bytes, sha256 y kind`,
  indexCutBytes: (p) =>
    p.where === undefined ? `… [recortado: ${fmt.id(p.bytes)} bytes más]` : `… [recortado: ${fmt.id(p.bytes)} bytes más, texto completo en ${p.where}]`,
  indexCutItems: (p) =>
    p.where === undefined
      ? `… [recortado: ${fmt.id(p.left)} más de ${fmt.id(p.total)}]`
      : `… [recortado: ${fmt.id(p.left)} más de ${fmt.id(p.total)}, texto completo en ${p.where}]`,
  indexDeliveryFailed: (p) =>
    `no se pudieron enviar ${fmt.count(p.failed)} notificación(es) a SQS tras ${fmt.count(p.attempts)} intento(s): ${p.listed}${p.more > 0 ? `; y ${fmt.count(p.more)} más` : ''}.`,
  indexDeliveryNoMessage: 'sin mensaje',

  // --- report (batch-job/src/core/report) --------------------------------------------------
  reportLocale: 'es-MX',
  reportHtmlLang: 'es-MX',
  reportTitle: (p) => `Reporte del lote ${p.batchId} · ${p.status}`,
  reportEyebrow: 'rentas-pipeline · Reporte de carga',
  reportBatch: (p) => `Lote ${p.batchId}`,
  reportBatchStatus: { succeeded: 'Correcto', partial: 'Parcial', failed: 'Fallido' },
  reportTimes: (p) => `Inicio: ${p.start} · Fin: ${p.end}${p.elapsed ? ` · Duración: ${p.elapsed}` : ''} (hora del centro de México)`,
  reportBatchError: 'Error del lote:',
  reportFilesTitle: 'Archivos del lote',
  reportFilesSub: 'Cada fila leída termina insertada, actualizada, sin cambios o rechazada.',
  reportTableName: { vehiculos: 'Vehículos', puntos_renta: 'Puntos de renta', clientes: 'Clientes', rentas: 'Rentas' },
  reportTableStatus: { loaded: 'cargado', rejected: 'rechazado', missing: 'no incluido' },
  reportAllRowsRejected: 'todas las filas rechazadas',
  reportNoManifestData: 'Sin datos en el manifiesto.',
  reportNoFile: 'Sin archivo en el lote',
  reportCounts: { read: 'Leídas', inserted: 'Insertadas', updated: 'Actualizadas', unchanged: 'Sin cambios', rejected: 'Rechazadas' },
  reportFileError: 'Error:',
  reportWarnings: 'Advertencias:',
  reportDownloadRejects: (p) => `Descargar filas rechazadas (${p.href})`,
  reportRejectsCapped: (p) =>
    `El archivo tiene las primeras ${fmt.count(p.written)} de ${fmt.count(p.rejected)} filas rechazadas; las demás solo se cuentan.`,
  reportReasonsTitle: 'Motivos de rechazo',
  reportReasonsHead: { table: 'Tabla', reason: 'Motivo (columna: código)', rows: 'Filas', firstLine: 'Primera línea' },
  reportOtherReasons: 'Otros motivos',
  reportRejectReason: {
    BAD_ID: 'id no es un entero positivo',
    EMPTY_TEXT: 'texto vacío',
    OUT_OF_RANGE: 'valor fuera de rango',
    BAD_NUMBER: 'número no válido o negativo',
    BAD_EMAIL: 'correo no válido',
    BAD_DATE: 'fecha no válida',
    DATE_ORDER: 'fecha_fin no es posterior a fecha_inicio',
    DUPLICATE_ID: 'id repetido en el archivo',
    UNKNOWN_REFERENCE: 'referencia inexistente',
    FIELD_COUNT: 'número de campos distinto al encabezado',
  },
  reportKpis: { rentals: 'Rentas en el almacén', vehicles: 'Vehículos con rentas', avgDays: 'Duración promedio', revenue: 'Ingresos (MXN)', period: 'Periodo' },
  reportDays: (p) => `${p.days} días`,
  reportRentals: (p) => `${fmt.count(p.n)} ${p.n === 1 ? 'renta' : 'rentas'}`,
  reportNoRentals: 'Sin rentas en el almacén todavía',
  reportNoRentalsYet: (p) => `No hay cifras que mostrar hasta que se carguen rentas. ${p.reason}`,
  reportNoRoutes: 'Sin rentas de un solo sentido.',
  reportNoRentalsMissing: 'Este lote no incluía rentas.csv.',
  reportNoRentalsRejected: 'El archivo de rentas de este lote fue rechazado: vea su error arriba.',
  reportNoRentalsAllRejected: 'Todas las filas de rentas.csv fueron rechazadas: revise los motivos de arriba, corrija el archivo y vuelva a cargarlo.',
  reportNoRentalsEmpty: 'El archivo de rentas de este lote no tenía filas de datos.',
  reportTopTitle: (p) => (p.n === 1 ? 'El vehículo más rentado' : `Los ${fmt.count(p.n)} vehículos más rentados`),
  reportTopSub: 'Número de rentas por vehículo; a la derecha, duración promedio (ponderada por renta) e ingresos en MXN.',
  reportTopTooltip: (p) => `${p.name} (id ${fmt.id(p.id)}, ${p.tipo}): ${p.rentals}, ${p.days} en promedio, ${p.money}`,
  reportHead: { rentals: 'Rentas', avgDays: 'Días prom.', revenue: 'Ingresos', month: 'Mes', type: 'Tipo', year: 'Año' },
  reportShownOf: (p) =>
    `Se muestran ${fmt.count(p.shown)} de ${fmt.count(p.total)} ${{ points: 'puntos', routes: 'rutas', months: 'meses (los más recientes)', types: 'tipos' }[p.what]}.`,
  reportPointsTitle: 'Por punto de salida',
  reportPointsSub: 'Rentas y duración promedio por punto donde se recoge el vehículo.',
  reportPointsHead: 'Punto de salida',
  reportRoutesTitle: 'Rutas más frecuentes',
  reportRoutesSub: (p) => `Rentas de un solo sentido (el punto de retorno es otro): ${p.rentals}, ${p.share} del total.`,
  reportRoutesHead: 'Salida → retorno',
  reportMonthsTitle: 'Rentas y duración promedio por mes',
  reportMonthsSub: 'Mes de inicio de la renta.',
  reportMonthsBar: 'Rentas',
  reportMonthsLine: 'Duración promedio (días)',
  reportMonthsDetails: 'Ver datos por mes',
  reportMonthTooltip: (p) => `${p.month}: ${p.rentals}, ${p.days} en promedio, ${p.money}`,
  reportMonthNames: ['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sep', 'oct', 'nov', 'dic'],
  reportTypesTitle: 'Por tipo de vehículo',
  reportTypesSub: 'Vehículos con rentas, rentas y duración promedio por tipo.',
  reportNoType: '(sin tipo)',
  reportVehicles: (p) => `${fmt.count(p.n)} ${p.n === 1 ? 'vehículo' : 'vehículos'}`,
  reportYearsTitle: 'Por año de modelo',
  reportYearsSub: 'Del modelo más reciente al más antiguo.',
  reportFooter: (p) =>
    `Cifras del almacén completo (tabla ${p.table}) después de cargar este lote. Promedios ponderados por renta. Generado por rentas-pipeline.`,
};
