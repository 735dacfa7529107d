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

  // --- command line and summary (batch-job/src/cli*.ts) ------------------------------------

  // --- Batch job (batch-job/src/job*.ts, aws/) ---------------------------------------------

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
  uploadKeyIgnored: {
    notUrlEncoded: 'la clave no es UTF-8 válido codificado para URL',
    controlCharacters: 'la clave contiene caracteres de control',
    outsideIncoming: 'la clave está fuera de incoming/',
    emptySegment: 'la clave tiene un segmento de ruta vacío (//)',
    dotSegment: 'la clave tiene un segmento de ruta . o ..',
    backslash: 'la clave contiene una diagonal invertida (\\)',
    folder: 'la clave es una carpeta, no un archivo',
    notInBatch: 'el archivo no está dentro de una carpeta de lote',
    nested: 'el archivo está en una subcarpeta, no directamente en la carpeta del lote',
  },
  uploadBatchIdTooLong: (p) => `el identificador del lote tiene más de ${fmt.count(p.max)} caracteres`,
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
};
