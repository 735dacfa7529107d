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

  // --- files and headers (common/header.ts, common/csv-parser.ts, row source) --------------

  // --- row rules and reject reasons (common/tables) ----------------------------------------

  // --- batch contents, warehouse and run (batch-job/src/core) ------------------------------

  // run, batch contents and row checks
  inputNotFolder: (p) => `--input ${p.dir}: se esperaba una carpeta con los archivos CSV del lote, pero no se puede leer.`,
  batchEmpty: (p) =>
    `${p.dir} no tiene ninguno de los cuatro archivos de tabla (vehiculos.csv, puntos_renta.csv, clientes.csv, rentas.csv, cada uno también como .csv.gz): ${p.holds}. No se cargó nada y el almacén no cambió; ponga los archivos en la carpeta con esos nombres y vuelva a ejecutar.`,
  folderIsEmpty: 'la carpeta está vacía',
  folderHolds: (p) => `contiene ${p.names}${p.more > 0 ? ` y ${fmt.count(p.more)} más` : ''}`,
  folderEntryMeant: (p) => `${p.name} (¿${p.file}?)`,
  tableFileDuplicates: (p) => `se ignoró ${p.others}: ${p.chosen} es el archivo de ${p.table} de este lote.`,
  strayFileMeant: (p) =>
    `${p.name} no se cargó: no es un archivo de tabla. Si es el archivo de ${p.table} de este lote, guárdelo como ${p.file} (en Excel: "CSV UTF-8") y vuelva a ejecutar el lote.`,
  strayFileBeside: (p) => `${p.name} no se cargó: no es un archivo de tabla, y ${p.file} es el archivo de ${p.table} de este lote.`,
  strayFile: (p) => `${p.name} no se cargó: su nombre no es ninguno de vehiculos.csv, puntos_renta.csv, clientes.csv, rentas.csv.`,
  folderOfDb: 'La carpeta de --db',
  runFailed: (p) => `La ejecución del ETL falló: ${p.message}.`,
  doingWriteBuild: (p) => `escribir la copia de trabajo del almacén ${p.path}`,
  doingWrite: (p) => `escribir ${p.path}`,
  fileEmpty: (p) => `${p.file} está vacío: se esperaba una fila de encabezado.`,
  tooManyIds: (p) => `${p.file} línea ${fmt.id(p.line)}: demasiados ids distintos para revisar duplicados en memoria: ${p.expected}.`,
  idsOfFile: (p) => `los ids de ${p.file}`,
  idsReferenced: (p) => `los ids de ${p.table} a los que puede apuntar la columna ${p.column} de este archivo`,
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

  // --- upload check (functions/validate-upload) --------------------------------------------

  // --- output indexer and notifications (functions/index-output) ---------------------------

  // --- report (batch-job/src/core/report) --------------------------------------------------
};
