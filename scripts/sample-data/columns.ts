/** The four sample tables, in the order they are written (dimensions before rentals). */
export const SAMPLE_TABLES = ['vehiculos', 'puntos_renta', 'clientes', 'rentas'] as const;
export type SampleTable = (typeof SAMPLE_TABLES)[number];

/** Header rows, exactly as the contract (section 1) lists the required columns. */
export const SAMPLE_COLUMNS: Readonly<Record<SampleTable, readonly string[]>> = {
  vehiculos: ['id_vehiculo', 'marca', 'modelo', 'anio', 'tipo', 'capacidad', 'color', 'kilometraje', 'estado'],
  puntos_renta: ['id_punto', 'nombre', 'direccion', 'telefono', 'horario_atencion'],
  clientes: ['id_cliente', 'nombre', 'correo_electronico', 'telefono', 'direccion'],
  rentas: [
    'id_renta',
    'id_vehiculo',
    'id_punto_salida',
    'id_punto_retorno',
    'id_cliente',
    'fecha_inicio',
    'fecha_fin',
    'costo_total',
  ],
};
